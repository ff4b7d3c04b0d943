"""A cursor for the statements of the turnout submission path, kept prepared.

Django sends every statement as text with its values inlined (psycopg's client-side
binding) and keeps psycopg from preparing statements. The few statements run on
every submission go through `cursor()` instead: bound on the server and prepared
once per connection, so PostgreSQL parses and plans each of them once, not on every
submission: that was most of its CPU per submission (docs/BENCHMARKS.md).

Only these cursors prepare anything: Django's own cursors stay client-side. Behind
a pooler that cannot carry prepared statements (PgBouncer in transaction mode
before 1.21), set DB_PREPARED_STATEMENTS=False. Elsewhere (SQLite), and while
Django logs the queries (DEBUG, or a test capturing them: its log shows the SQL with
its values only for client-side cursors), this is Django's own cursor.
"""

from django.conf import settings
from django.db import connection

# psycopg prepares a statement of a server-binding cursor on its second run on a
# connection (its first run may be a one-off).
PREPARE_AFTER = 1


def cursor():
    postgres = connection.vendor == "postgresql"
    if not postgres or not settings.DB_PREPARED_STATEMENTS or connection.queries_logged:
        return connection.cursor()
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.ensure_connection()
    connection.validate_thread_sharing()
    raw = connection.connection
    if raw.prepare_threshold is None:  # Django's default: prepare nothing
        raw.prepare_threshold = PREPARE_AFTER
    with connection.wrap_database_errors:
        return connection.make_cursor(ServerBindingCursor(raw))
