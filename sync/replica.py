"""A device's local replica: records, the outbox, rejected mutations and meta, in one SQLite file.

The records table keeps two views of each record: ``server_data`` (the last state the server
confirmed, by pull or by a push result) and ``data`` (what the device shows: the server state
with the unsent mutations applied on top). Keeping both lets a rejected edit fall back to the
server's state without another round trip, and lets a pulled change be rebased under pending
edits instead of overwriting them (Kinto.js keeps a sync status per record for the same reason).
"""

import json
from datetime import UTC, datetime

import sqlite_utils

SCHEMA = {
    "records": (
        {
            "collection": str,
            "record_id": str,
            "rev": int,
            "deleted": int,
            "data": str,
            "server_data": str,
            "server_deleted": int,
            "status": str,
        },
        {"pk": ("collection", "record_id"), "not_null": {"deleted", "server_deleted", "status"}},
    ),
    # ``seq`` is the push order. ``base_from`` names the earlier mutation of the same record
    # whose answer gives this one's ``base_rev``: a device that edits a record twice before the
    # first edit is answered does not know the rev it is building on yet.
    "outbox": (
        {
            "seq": int,
            "mutation_id": str,
            "collection": str,
            "record_id": str,
            "op": str,
            "base_rev": int,
            "base_from": str,
            "edited_at": str,
            "data": str,
        },
        {"pk": "seq", "not_null": {"mutation_id", "collection", "record_id", "op", "edited_at"}},
    ),
    "rejected": (
        {
            "mutation_id": str,
            "collection": str,
            "record_id": str,
            "op": str,
            "base_rev": int,
            "edited_at": str,
            "data": str,
            "errors": str,
            "rejected_at": str,
        },
        {"pk": "mutation_id"},
    ),
    "meta": ({"key": str, "value": str}, {"pk": "key"}),
}


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def dumps(value) -> str | None:
    return None if value is None else json.dumps(value, separators=(",", ":"), sort_keys=True)


def loads(text):
    return None if text is None else json.loads(text)


class Replica:
    """The SQLite file of one device. Methods that write expect to run inside ``with self.tx``."""

    def __init__(self, path):
        self.db = sqlite_utils.Database(path)
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA synchronous = NORMAL")
        for name, (columns, options) in SCHEMA.items():
            self.db[name].create(columns, if_not_exists=True, **options)
        self.db["outbox"].create_index(["mutation_id"], unique=True, if_not_exists=True)
        self.db["outbox"].create_index(["collection", "record_id"], if_not_exists=True)
        self.db["outbox"].create_index(["base_from"], if_not_exists=True)
        self.db.conn.commit()

    @property
    def tx(self):
        """A transaction: commits on success, rolls back on an exception."""
        return self.db.conn

    def rows(self, sql: str, params=()) -> list[dict]:
        cursor = self.db.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def one(self, sql: str, params=()) -> dict | None:
        found = self.rows(sql, params)
        return found[0] if found else None

    # --- meta -----------------------------------------------------------------------------

    def get(self, key: str, default=None):
        row = self.one("SELECT value FROM meta WHERE key = ?", (key,))
        return default if row is None else loads(row["value"])

    def put(self, key: str, value) -> None:
        self.db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, dumps(value)),
        )

    # --- records --------------------------------------------------------------------------

    def record(self, collection: str, record_id: str) -> dict | None:
        return self.one(
            "SELECT * FROM records WHERE collection = ? AND record_id = ?",
            (collection, record_id),
        )

    def pending(self, collection: str, record_id: str) -> list[dict]:
        return self.rows(
            "SELECT * FROM outbox WHERE collection = ? AND record_id = ? ORDER BY seq",
            (collection, record_id),
        )

    def set_server_state(self, collection, record_id, rev, data, deleted) -> None:
        """Store what the server holds for a record, unless the replica knows a newer rev."""
        self.db.execute(
            "INSERT INTO records (collection, record_id, rev, deleted, data, server_data,"
            " server_deleted, status) VALUES (?, ?, ?, 0, NULL, ?, ?, 'synced') "
            "ON CONFLICT (collection, record_id) DO UPDATE SET rev = excluded.rev,"
            " server_data = excluded.server_data, server_deleted = excluded.server_deleted "
            "WHERE records.rev IS NULL OR records.rev <= excluded.rev",
            (collection, record_id, rev, dumps(data), int(bool(deleted))),
        )

    def rebase(self, collection: str, record_id: str) -> None:
        """Recompute what the device shows: the server's state, then each unsent mutation."""
        row = self.record(collection, record_id)
        pending = self.pending(collection, record_id)
        if row is None:
            return
        data = loads(row["server_data"])
        deleted = bool(row["server_deleted"])
        known = row["rev"] is not None
        if data is None and not known and not pending:
            # Never reached the server: show what was rejected, so the worker can fix it.
            data = {}
            for bad in self.rows(
                "SELECT data FROM rejected WHERE collection = ? AND record_id = ? "
                "AND op = 'upsert' ORDER BY rejected_at",
                (collection, record_id),
            ):
                data.update(loads(bad["data"]) or {})
        data = dict(data or {})
        for mutation in pending:
            if mutation["op"] == "delete":
                deleted = True
            else:
                data.update(loads(mutation["data"]) or {})
                deleted = False
        rejected = self.one(
            "SELECT 1 AS x FROM rejected WHERE collection = ? AND record_id = ? LIMIT 1",
            (collection, record_id),
        )
        status = "pending" if pending else ("rejected" if rejected else "synced")
        self.db.execute(
            "UPDATE records SET data = ?, deleted = ?, status = ? "
            "WHERE collection = ? AND record_id = ?",
            (
                dumps(None if deleted and not data else data),
                int(deleted),
                status,
                collection,
                record_id,
            ),
        )

    # --- push results ----------------------------------------------------------------------

    def accept(self, row: dict, result: dict) -> None:
        """An accepted mutation: store the server's state, hand its rev on, leave the outbox."""
        collection, record_id = row["collection"], row["record_id"]
        record = result.get("record")
        rev = result.get("rev") if result.get("rev") is not None else (record or {}).get("rev")
        current = self.record(collection, record_id)
        if record is not None:
            data, deleted = record.get("data"), record.get("deleted", False)
        elif row["op"] == "delete":
            data, deleted = None, True
        else:
            known = loads(current["server_data"]) if current else None
            data, deleted = {**(known or {}), **loads(row["data"])}, False
        if rev is not None:
            self.set_server_state(collection, record_id, rev, data, deleted)
        self._leave_outbox(row, rev)

    def reject(self, row: dict, result: dict) -> None:
        """A rejected mutation moves to ``rejected`` (never dropped) and leaves the outbox."""
        self.db.execute(
            "INSERT OR REPLACE INTO rejected (mutation_id, collection, record_id, op, base_rev,"
            " edited_at, data, errors, rejected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                row["mutation_id"],
                row["collection"],
                row["record_id"],
                row["op"],
                row["base_rev"],
                row["edited_at"],
                row["data"],
                dumps(result.get("errors") or {}),
                now_iso(),
            ),
        )
        # The next edit of the record builds on what this one built on.
        self._leave_outbox(row, row["base_rev"])

    def _leave_outbox(self, row: dict, rev) -> None:
        """Remove an answered mutation; the next one of its record learns its base rev."""
        self.db.execute(
            "UPDATE outbox SET base_rev = ?, base_from = NULL WHERE base_from = ?",
            (rev, row["mutation_id"]),
        )
        self.db.execute("DELETE FROM outbox WHERE seq = ?", (row["seq"],))
        self.rebase(row["collection"], row["record_id"])
