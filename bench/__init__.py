"""Measurements of the running app that tests do not assert on; see ``bench/README.md``."""
