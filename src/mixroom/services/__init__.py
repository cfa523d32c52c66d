"""The application: typed functions that take a session. They flush, never commit."""
