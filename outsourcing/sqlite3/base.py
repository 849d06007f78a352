"""Django's SQLite backend, told the real limit on query parameters.

Django 5.2 assumes SQLite's old compile-time default of 999 parameters a query, so a
bulk insert of 5,000 lines of ten columns takes 51 statements (and their history 71
more). SQLite 3.32 and later default to 32,766 (https://www.sqlite.org/limits.html,
"Maximum Number Of Host Parameters"), and Python 3.11's `Connection.getlimit` reads the
limit the library was built with. Django 6.0 does the same (ticket #36143); remove this
backend when the project moves to it.
"""

import sqlite3

from django.db.backends.sqlite3 import base, features
from django.utils.functional import cached_property


class DatabaseFeatures(features.DatabaseFeatures):
    # The stubs declare a plain class attribute; Django 6.0 makes it a cached_property too.
    @cached_property
    def max_query_params(self) -> int:  # type: ignore[override]  # a cached property where the stubs say attribute
        self.connection.ensure_connection()
        return self.connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)


class DatabaseWrapper(base.DatabaseWrapper):
    features_class = DatabaseFeatures
