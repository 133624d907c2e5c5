"""The reference sync client: a device with a local replica that pushes its outbox and pulls.

It speaks DESIGN's "Sync protocol 1" over a :class:`~sync.transport.Transport`. Tests, the
load generator, the benchmarks and support staff (``python -m sync``) use it; it imports nothing
from ``server`` or Flask.

What it promises, like the PWA: an entry is never lost. The outbox leaves the device only
when the server's answer for a mutation was read and applied; a rejected mutation moves to the
``rejected`` table for the worker to fix; a 401, a 409 ``upgrade_required`` or an unreachable
server leave the outbox as it was. A request that may have reached the server (a timeout, a lost
answer) is sent again whole with the same mutation ids, which the server answers ``duplicate``.
"""

import random
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from .replica import Replica, dumps, loads, now_iso
from .transport import NetworkError, Response, Transport

PROTOCOL = 1
ACCEPTED = {"applied", "duplicate", "merged", "conflict"}
READ_ONLY = {"users", "neighborhoods"}


class SyncError(Exception):
    """Sync did not complete; the outbox is intact."""


class AuthRequired(SyncError):
    """No valid session (401): sign in again; unsent entries stay queued."""


class UpgradeRequired(SyncError):
    """The server speaks a newer protocol (409): update the client; entries stay queued."""


class ServerUnavailable(SyncError):
    """The server could not be reached, or kept failing, after every retry."""


class Device:
    """One device: its replica file, a transport, and the policies (clock, retries, batches)."""

    #: The protocol this client speaks (a test sets it lower to act as an old app).
    protocol = PROTOCOL

    def __init__(
        self,
        path,
        transport: Transport,
        clock: Callable[[], datetime] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
        attempts: int = 5,
        backoff: float = 0.5,
        max_backoff: float = 30.0,
        batch_size: int = 500,
        page_size: int = 1000,
    ):
        self.replica = Replica(path)
        self.transport = transport
        self.clock = clock or (lambda: datetime.now(UTC))
        self.sleep = sleep
        self.rng = rng or random.Random()
        self.attempts = attempts
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.batch_size = min(batch_size, 500)
        self.page_size = min(page_size, 1000)
        with self.replica.tx:
            if self.replica.get("device_id") is None:
                self.replica.put("device_id", str(uuid.uuid4()))
        self.device_id = self.replica.get("device_id")
        if transport.csrf_token is None:
            transport.restore_session(self.replica.get("session"))

    # --- session ----------------------------------------------------------------------------

    def login(self, username: str, password: str) -> dict:
        """Sign in; a replica belongs to one user, so another user's pulled data is dropped."""
        answer = self._call(
            "POST", "/api/v1/auth/login", {"username": username, "password": password}
        )
        if answer.status != 200:
            raise AuthRequired(_message(answer, "sign-in refused"))
        user = answer.body["user"]
        self.transport.csrf_token = answer.body["csrf_token"]
        previous = self.replica.get("user")
        with self.replica.tx:
            if previous and previous["id"] != user["id"]:
                if self.pending_count():
                    raise SyncError(
                        f"this replica holds unsent entries of {previous['username']}; "
                        "sync them first"
                    )
                self.replica.db.execute("DELETE FROM records")
                self.replica.put("cursor", None)
            self.replica.put("user", user)
            self.replica.put("session", self.transport.session_state())
        return user

    @property
    def user(self) -> dict | None:
        return self.replica.get("user")

    # --- local edits --------------------------------------------------------------------------

    def create(self, collection: str, data: dict, record_id: str | None = None) -> str:
        """Make a record on the device and queue it; returns its new id."""
        _writable(collection)
        record_id = record_id or str(uuid.uuid4())
        with self.replica.tx:
            self.replica.db.execute(
                "INSERT INTO records (collection, record_id, rev, deleted, data, server_data,"
                " server_deleted, status) VALUES (?, ?, NULL, 0, ?, NULL, 0, 'pending')",
                (collection, record_id, dumps(data)),
            )
            self._queue(collection, record_id, "upsert", dict(data))
        return record_id

    def update(self, collection: str, record_id: str, changes: dict) -> str | None:
        """Change some fields; queues only those that differ. Returns the mutation id or None."""
        current = self._live(collection, record_id)
        changed = {k: v for k, v in changes.items() if current.get(k, _MISSING) != v}
        if not changed:
            return None
        with self.replica.tx:
            return self._queue(collection, record_id, "upsert", changed)

    def delete(self, collection: str, record_id: str) -> str:
        """Delete a record; the delete carries the rev the device last saw."""
        self._live(collection, record_id)
        with self.replica.tx:
            return self._queue(collection, record_id, "delete", None)

    def get(self, collection: str, record_id: str) -> dict | None:
        """The record as the device shows it (None when unknown or deleted)."""
        row = self.replica.record(collection, record_id)
        if row is None or row["deleted"]:
            return None
        return loads(row["data"])

    def records(self, collection: str) -> dict[str, dict]:
        """Every live record of ``collection`` on the device, by id."""
        rows = self.replica.rows(
            "SELECT record_id, data FROM records WHERE collection = ? AND deleted = 0",
            (collection,),
        )
        return {row["record_id"]: loads(row["data"]) for row in rows}

    def resubmit(self, mutation_id: str, changes: dict | None = None) -> str:
        """Queue a rejected mutation again, fixed by ``changes``, under a new mutation id."""
        bad = self.replica.one("SELECT * FROM rejected WHERE mutation_id = ?", (mutation_id,))
        if bad is None:
            raise KeyError(mutation_id)
        data = None if bad["op"] == "delete" else {**(loads(bad["data"]) or {}), **(changes or {})}
        with self.replica.tx:
            self.replica.db.execute("DELETE FROM rejected WHERE mutation_id = ?", (mutation_id,))
            if self.replica.record(bad["collection"], bad["record_id"]) is None:
                self.replica.set_server_state(bad["collection"], bad["record_id"], None, None, 0)
            return self._queue(bad["collection"], bad["record_id"], bad["op"], data)

    def _live(self, collection: str, record_id: str) -> dict:
        _writable(collection)
        row = self.replica.record(collection, record_id)
        if row is None or row["deleted"]:
            raise KeyError(f"{collection}/{record_id} is not on this device")
        return loads(row["data"]) or {}

    def _queue(self, collection, record_id, op, data) -> str:
        pending = self.replica.pending(collection, record_id)
        base_rev, base_from = None, None
        if pending:
            base_from = pending[-1]["mutation_id"]
        else:
            row = self.replica.record(collection, record_id)
            base_rev = row["rev"] if row else None
        mutation_id = str(uuid.uuid4())
        self.replica.db.execute(
            "INSERT INTO outbox (mutation_id, collection, record_id, op, base_rev, base_from,"
            " edited_at, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                mutation_id,
                collection,
                record_id,
                op,
                base_rev,
                base_from,
                self.clock().isoformat(),
                dumps(data),
            ),
        )
        self.replica.rebase(collection, record_id)
        return mutation_id

    # --- push -----------------------------------------------------------------------------

    def push(self) -> dict:
        """Send the outbox in order, in batches of at most 500; returns counts by status."""
        counts: dict[str, int] = {}
        limit = self.batch_size
        while True:
            batch = self._next_batch(limit)
            if not batch:
                break
            body = {
                "protocol": self.protocol,
                "device_id": self.device_id,
                "mutations": [_mutation(row) for row in batch],
            }
            answer = self._call("POST", "/api/v1/sync/push", body)
            if answer.status == 413 and len(batch) > 1:
                limit = max(1, len(batch) // 2)  # over 1 MiB: smaller batches
                continue
            if answer.status == 413:
                results = [_too_large(batch[0], answer)]
            else:
                self._check(answer)
                results = answer.body.get("results") or []
            self._apply_results(batch, results, counts)
            if len(results) < len(batch):
                raise SyncError("the server answered fewer results than mutations sent")
        with self.replica.tx:
            self.replica.put("last_push_at", now_iso())
        return counts

    def _next_batch(self, limit: int) -> list[dict]:
        rows = self.replica.rows("SELECT * FROM outbox ORDER BY seq LIMIT ?", (limit,))
        batch = []
        if rows and rows[0]["base_from"] is not None:
            # Its predecessor left the outbox without handing on its rev (a replica written by
            # an older client): build on the rev the device knows rather than wait forever.
            record = self.replica.record(rows[0]["collection"], rows[0]["record_id"])
            rows[0]["base_rev"] = record["rev"] if record else None
            rows[0]["base_from"] = None
            with self.replica.tx:
                self.replica.db.execute(
                    "UPDATE outbox SET base_rev = ?, base_from = NULL WHERE seq = ?",
                    (rows[0]["base_rev"], rows[0]["seq"]),
                )
        for row in rows:
            if row["base_from"] is not None:
                break  # its base rev comes from a mutation in this batch: send it next time
            batch.append(row)
        return batch

    def _apply_results(self, batch: list[dict], results: list[dict], counts: dict) -> None:
        with self.replica.tx:
            for row, result in zip(batch, results, strict=False):
                status = result.get("status")
                if result.get("mutation_id") != row["mutation_id"]:
                    raise SyncError("the server's results do not match the mutations sent")
                if status in ACCEPTED:
                    self.replica.accept(row, result)
                elif status == "rejected":
                    self.replica.reject(row, result)
                else:
                    raise SyncError(f"unknown push status {status!r}")
                counts[status] = counts.get(status, 0) + 1

    # --- pull -----------------------------------------------------------------------------

    def pull(self) -> int:
        """Pull pages until ``has_more`` is false; returns the number of changes applied."""
        applied, resets = 0, 0
        while True:
            params = {"limit": self.page_size, "device_id": self.device_id}
            cursor = self.replica.get("cursor")
            if cursor is not None:
                params["cursor"] = cursor
            answer = self._call("GET", "/api/v1/sync/pull", params=params)
            self._check(answer)
            if answer.body.get("reset"):
                resets += 1
                if resets > 3:
                    raise SyncError("the server keeps answering reset")
                self.reset()
                continue
            with self.replica.tx:
                for change in answer.body.get("changes") or []:
                    self._apply_change(change)
                    applied += 1
                self.replica.put("cursor", answer.body.get("cursor"))
            if not answer.body.get("has_more"):
                break
        with self.replica.tx:
            self.replica.put("last_pull_at", now_iso())
        return applied

    def _apply_change(self, change: dict) -> None:
        collection, record_id = change["collection"], change["record_id"]
        self.replica.set_server_state(
            collection, record_id, change["rev"], change.get("data"), change.get("deleted")
        )
        self.replica.rebase(collection, record_id)

    def reset(self) -> None:
        """Drop what was pulled, keep what is not pushed (or was rejected); pull from scratch."""
        with self.replica.tx:
            self.replica.db.execute(
                "DELETE FROM records WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE"
                " o.collection = records.collection AND o.record_id = records.record_id)"
                " AND NOT EXISTS (SELECT 1 FROM rejected r WHERE"
                " r.collection = records.collection AND r.record_id = records.record_id)"
            )
            self.replica.put("cursor", None)

    def sync(self) -> dict:
        """Push, then pull: the device ends with the server's state plus nothing pending."""
        counts = self.push()
        pulled = self.pull()
        with self.replica.tx:
            self.replica.put("last_sync_at", now_iso())
        return {"pushed": counts, "pulled": pulled}

    # --- status -----------------------------------------------------------------------------

    def pending_count(self) -> int:
        return self.replica.one("SELECT count(*) AS n FROM outbox")["n"]

    def rejected(self) -> list[dict]:
        rows = self.replica.rows("SELECT * FROM rejected ORDER BY rejected_at, mutation_id")
        for row in rows:
            row["data"], row["errors"] = loads(row["data"]), loads(row["errors"])
        return rows

    def status(self) -> dict:
        """What support staff ask first: pending count, last sync, cursor, rejected."""
        get = self.replica.get
        return {
            "device_id": self.device_id,
            "user": (get("user") or {}).get("username"),
            "pending": self.pending_count(),
            "last_push_at": get("last_push_at"),
            "last_pull_at": get("last_pull_at"),
            "last_sync_at": get("last_sync_at"),
            "cursor": get("cursor"),
            "rejected": self.rejected(),
        }

    # --- HTTP -----------------------------------------------------------------------------

    def _call(self, method: str, path: str, json=None, params=None) -> Response:
        """One request, retried whole with backoff on network errors, 5xx and 429."""
        problem = "no attempt made"
        for attempt in range(self.attempts):
            if attempt:
                cap = min(self.max_backoff, self.backoff * 2 ** (attempt - 1))
                self.sleep(self.rng.uniform(cap / 2, cap))  # jitter: devices do not stampede
            try:
                answer = self.transport.request(method, path, json=json, params=params)
            except NetworkError as exc:
                problem = f"network error: {exc}"
                continue
            if answer.status >= 500 or answer.status == 429:
                problem = f"HTTP {answer.status}: {_message(answer, 'server error')}"
                continue
            return answer
        raise ServerUnavailable(f"{method} {path} failed {self.attempts} times; last: {problem}")

    def _check(self, answer: Response) -> None:
        if answer.status == 200 and isinstance(answer.body, dict):
            return
        if answer.status == 401:
            raise AuthRequired(_message(answer, "sign in again"))
        body = answer.body if isinstance(answer.body, dict) else {}
        if answer.status == 409 and body.get("error") == "upgrade_required":
            raise UpgradeRequired(_message(answer, "this client is too old"))
        raise SyncError(f"HTTP {answer.status}: {_message(answer, 'unexpected answer')}")


_MISSING = object()


def _writable(collection: str) -> None:
    if collection in READ_ONLY:
        raise ValueError(f"{collection} is read-only on devices")


def _mutation(row: dict) -> dict:
    mutation = {
        "mutation_id": row["mutation_id"],
        "collection": row["collection"],
        "record_id": row["record_id"],
        "op": row["op"],
        "base_rev": row["base_rev"],
        "edited_at": row["edited_at"],
    }
    if row["op"] != "delete":
        mutation["data"] = loads(row["data"])
    return mutation


def _too_large(row: dict, answer: Response) -> dict:
    message = _message(answer, "too large")
    return {
        "mutation_id": row["mutation_id"],
        "status": "rejected",
        "errors": {"_request": [message]},
    }


def _message(answer: Response, default: str) -> str:
    body = answer.body if isinstance(answer.body, dict) else {}
    return str(body.get("message") or body.get("error") or default)


if __name__ == "__main__":
    from .__main__ import main

    raise SystemExit(main())
