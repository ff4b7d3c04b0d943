"""Reads that may go to a read replica of the database (DATABASE_REPLICA_URL).

A city's election day and results night are read far more than written: every
commune, district and committee watches the dashboards, and the public reads the
certified results. With DATABASE_REPLICA_URL set (a PostgreSQL streaming replica,
deploy/README.md), settings add the database alias "replica" and `ReplicaRouter`
sends the ORM's reads there, but only inside `reads()`: the dashboards' views
(`from_replica`), and a public results page whose snapshots the replica already
has (publishing/results.py). Everything else reads and writes the primary, so a
user always sees what they have just saved, and every write goes to the primary
whatever read it. Inside a transaction on the primary, reads stay there too.

Without DATABASE_REPLICA_URL nothing changes: `read_alias()` is "default".
"""

import contextvars
import functools
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections

ALIAS = "replica"
_reading = contextvars.ContextVar("reads_from_replica", default=False)


def configured() -> bool:
    return ALIAS in connections.settings


def read_alias() -> str:
    """The alias the reads of this moment go to: the replica inside `reads()` when
    one is configured and no transaction is open on the primary, else the primary."""
    if (
        _reading.get()
        and configured()
        and not connections[DEFAULT_DB_ALIAS].in_atomic_block
    ):
        return ALIAS
    return DEFAULT_DB_ALIAS


@contextmanager
def reads():
    """Reads in this block may go to the replica (lag of a few seconds allowed)."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def from_replica(view):
    """A view whose GET and HEAD read the replica: pages that show figures and
    change nothing (the dashboards). Other methods read the primary."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        with reads():
            return view(request, *args, **kwargs)

    return wrapper


class ReplicaRouter:
    """settings.DATABASE_ROUTERS: reads to `read_alias()`, writes and migrations
    to the primary only (the replica copies the primary's schema itself)."""

    def db_for_read(self, model, **hints):
        return read_alias()

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary

    def allow_migrate(self, db, app_label, **hints):
        return db == DEFAULT_DB_ALIAS
