"""Values by key in one SQLite table: the cache of passage vectors (by text
hash) and of keyword tokens (by chunk id).

SQLite gives transactions and sharing between processes (the page, a CLI
ingest, a benchmark) for free; a connection is opened per call, so no handle
outlives a fork or a thread.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import closing
from pathlib import Path

__all__ = ["SqliteCache"]

_BATCH = 900  # SQLite's bound-parameter limit is 999


class SqliteCache:
    def __init__(self, path: Path, table: str) -> None:
        self.path = path
        self.table = table

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path, timeout=60)
        con.execute(f"CREATE TABLE IF NOT EXISTS {self.table} (key TEXT PRIMARY KEY, v BLOB)")
        return con

    def get_many(self, keys: Sequence[str]) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        with closing(self._connect()) as con:
            for i in range(0, len(keys), _BATCH):
                part = list(keys[i : i + _BATCH])
                marks = ",".join("?" * len(part))
                rows = con.execute(f"SELECT key, v FROM {self.table} WHERE key IN ({marks})", part)
                found.update(rows)
        return found

    def put_many(self, items: Iterable[tuple[str, bytes]]) -> None:
        with closing(self._connect()) as con, con:
            con.executemany(f"INSERT OR REPLACE INTO {self.table} VALUES (?, ?)", items)

    def retain(self, keys: set[str]) -> None:
        """Drop every entry whose key is not in ``keys``."""
        with closing(self._connect()) as con, con:
            stale = [r[0] for r in con.execute(f"SELECT key FROM {self.table}") if r[0] not in keys]
            con.executemany(f"DELETE FROM {self.table} WHERE key = ?", ((s,) for s in stale))
