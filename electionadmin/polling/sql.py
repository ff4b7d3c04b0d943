"""A cursor for the statements of the turnout submission path, kept prepared.

Django sends every statement as text with its values inlined (psycopg's client-side
binding) and keeps psycopg from preparing statements. The few statements run on
every submission go through `cursor()` instead: bound on the server and prepared
once per connection, so PostgreSQL parses and plans each of them once, not on every
submission: that was most of its CPU per submission (docs/BENCHMARKS.md).

A prepared statement soon runs a generic plan, chosen once, with what PostgreSQL
then knew of the tables. Chosen in the first minutes of election day, when the
figures table is nearly empty, that plan scans the whole table, and keeps scanning
it as the table grows (seen in the load benchmark: 2,300 rows read per submission).
So every REPLAN_SECONDS each connection is opened again (outside a transaction):
the new session prepares and plans its statements again against the tables as
they are (a connection costs a few milliseconds; ten seconds of submissions are
thousands of statements).

Only these cursors prepare anything: Django's own cursors stay client-side. Behind
a pooler that cannot carry prepared statements (PgBouncer in transaction mode
before 1.21), set DB_PREPARED_STATEMENTS=False. Elsewhere (SQLite), and while
Django logs the queries (DEBUG, or a test capturing them: its log shows the SQL with
its values only for client-side cursors), this is Django's own cursor.
"""

import functools
import time
import weakref

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

# psycopg prepares a statement of a server-binding cursor on its second run on a
# connection (its first run may be a one-off).
PREPARE_AFTER = 1
REPLAN_SECONDS = 10
_planned: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # raw -> when


def cursor():
    db = connections[DEFAULT_DB_ALIAS]  # once: each `connection.x` is a lookup
    postgres = db.vendor == "postgresql"
    if not postgres or not settings.DB_PREPARED_STATEMENTS or db.queries_logged:
        return db.cursor()
    db.ensure_connection()
    db.validate_thread_sharing()
    now = time.monotonic()
    if now - _planned.get(db.connection, now) > REPLAN_SECONDS and (
        not db.in_atomic_block
    ):
        # A new session: its statements are planned again on first use. (Dropping
        # them with DEALLOCATE ALL on the same session left psycopg, now and then,
        # naming a statement the server no longer had: 500s on the public pages
        # under load, seen in bench/cluster.py.)
        db.close()
        db.ensure_connection()
    raw = db.connection
    if raw.prepare_threshold is None:  # Django's default: prepare nothing
        raw.prepare_threshold = PREPARE_AFTER
    _planned.setdefault(raw, now)
    with db.wrap_database_errors:
        return db.make_cursor(_server_cursor()(raw))


@functools.cache
def _server_cursor():
    from django.db.backends.postgresql.base import ServerBindingCursor

    return ServerBindingCursor
