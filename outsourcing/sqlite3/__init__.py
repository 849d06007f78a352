"""Django's SQLite backend with the runtime limit on query parameters (see `base`)."""
