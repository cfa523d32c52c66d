"""mixroom: the commons of museum-innovation networks."""

__version__ = "0.1.0"
