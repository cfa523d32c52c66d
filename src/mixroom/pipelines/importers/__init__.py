"""Importer units, one module per input format; ``registry`` lists them by name."""
