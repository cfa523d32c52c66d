"""mixroom: the commons of museum-innovation networks."""

from mixroom import native

__version__ = "0.1.0"

# the import's hot modules, compiled, when a current build of them is there (see native.py)
native.load()
