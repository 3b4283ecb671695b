"""One module per calendar provider behind the interface in :mod:`.base`."""
