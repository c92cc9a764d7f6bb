"""Make sqlite safe for several OpenStack processes at once: wait for locks, and take the write lock at BEGIN.

oslo.db opens sqlite transactions with a deferred `BEGIN`, so two read-then-write transactions that meet fail at once
with "database is locked" instead of waiting (Nova's heartbeats, Cinder's three services, Keystone's threads all hit
it). Python imports `sitecustomize` at start-up from PYTHONPATH, so these SQLAlchemy engine events reach every
service process without touching OpenStack code: each connection waits up to a minute for a lock, and each
transaction begins with `BEGIN IMMEDIATE`, marking `conn.info["in_transaction"]` so oslo.db skips its own `BEGIN`.
"""

import sqlite3
from typing import Any

BUSY_TIMEOUT_MS = 60000


def _install() -> None:
    try:
        from sqlalchemy import event  # type: ignore[import-not-found,unused-ignore]
        from sqlalchemy.engine import Engine  # type: ignore[import-not-found,unused-ignore]
    except ImportError:  # a process without SQLAlchemy (gunicorn's arbiter before the app loads, a CLI tool)
        return

    @event.listens_for(Engine, "connect")  # type: ignore[untyped-decorator,unused-ignore]
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        if not isinstance(dbapi_connection, sqlite3.Connection):
            return
        # No implicit BEGIN from the sqlite3 module: transactions start in _on_begin (as oslo.db also arranges).
        dbapi_connection.isolation_level = None
        dbapi_connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # Readers no longer block the writer and the writer no longer blocks readers; persistent per database file.
        dbapi_connection.execute("PRAGMA journal_mode = WAL")

    @event.listens_for(Engine, "begin")  # type: ignore[untyped-decorator,unused-ignore]
    def _on_begin(conn: Any) -> None:
        # Class-level listeners run before oslo.db's per-engine one, which then sees the marker and emits nothing.
        if conn.dialect.name == "sqlite" and "in_transaction" not in conn.info:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            conn.info["in_transaction"] = True

    @event.listens_for(Engine, "commit")  # type: ignore[untyped-decorator,unused-ignore]
    @event.listens_for(Engine, "rollback")  # type: ignore[untyped-decorator,unused-ignore]
    def _on_end(conn: Any) -> None:
        # oslo.db clears the marker on its engines; engines made without oslo.db (Neutron's schema creation) need this.
        conn.info.pop("in_transaction", None)


_install()
