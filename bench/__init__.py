"""`make bench`: the production stack on loopback, measured in one run (docs/performance.md)."""

# The floor view's address (bench/urls.py); here so that the runner need not import Django.
FLOOR_PATH = "/__floor__/"
