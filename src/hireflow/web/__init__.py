"""The web shell: layout, static files, home page, error pages."""
