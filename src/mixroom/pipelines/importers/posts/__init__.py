"""Post importers: one class per source format (files and network sources); ``registry`` lists
them by format name for ``mixroom import posts --format``."""
