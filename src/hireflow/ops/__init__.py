"""Operating an installation: ``hireflow doctor``, backup and restore, Prometheus metrics."""
