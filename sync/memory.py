"""An in-memory store: the reference implementation of ``sync.storage.Store``.

Used by the contract suite beside the SQL store, and by fast engine tests. It has no
transactions: a push's single ``write`` call is its commit.
"""

import copy
from collections import defaultdict

from .collections import WRITABLE
from .scope import NeighborhoodRef
from .storage import Batch

#: The columns a row's pull scope follows that a set-up change may move it out of.
SCOPE_COLUMNS = ("team_id", "organization_id")


class MemoryStore:
    def __init__(self):
        self.tables: dict[str, dict[str, dict]] = {
            "users": {},
            "neighborhoods": {},
            "visits": {},
            "mediations": {},
        }
        self.assignments: list[dict] = []
        self.mutation_log: dict[str, dict] = {}
        self.history_rows: list[dict] = []
        self.devices: dict[tuple[str, str], dict] = {}
        #: {seq, collection, record_id, rev, column, old_value}: rows that left a scope
        self.exit_rows: list[dict] = []
        self.seq = 0

    # -- set-up (what the admin side does in the SQL store) ----------------------------------
    def add(self, collection: str, row: dict) -> dict:
        """Insert or replace a row of any collection, stamping the next seq; a changed scope
        column leaves an exit behind, as the admin writes do in the SQL store."""
        self.seq += 1
        old = self.tables[collection].get(row["id"])
        row = {"deleted": False, "rev": 1, **row, "seq": self.seq}
        self.tables[collection][row["id"]] = row
        for column in SCOPE_COLUMNS:
            if old and old.get(column) is not None and old.get(column) != row.get(column):
                self.exit_rows.append(
                    {
                        "seq": row["seq"],
                        "collection": collection,
                        "record_id": row["id"],
                        "rev": row["rev"],
                        "column": column,
                        "old_value": old[column],
                    }
                )
        return row

    def add_assignment(self, worker_id, neighborhood_id, starts_on, ends_on=None) -> None:
        self.assignments.append(
            {
                "worker_id": worker_id,
                "neighborhood_id": neighborhood_id,
                "starts_on": starts_on,
                "ends_on": ends_on,
            }
        )

    # -- the interface -----------------------------------------------------------------------
    def lock(self) -> None:
        pass  # one thread at a time by contract; the SQL store takes a real lock

    def logged(self, mutation_ids):
        found = {}
        for mid in mutation_ids:
            entry = self.mutation_log.get(mid)
            if entry:
                found[mid] = {"user_id": entry["user_id"], "result": copy.deepcopy(entry["result"])}
        return found

    def records(self, collection, ids):
        table = self.tables[collection]
        return {rid: copy.deepcopy(table[rid]) for rid in ids if rid in table}

    def neighborhoods(self, ids):
        table = self.tables["neighborhoods"]
        return {
            nid: NeighborhoodRef(nid, r["team_id"], r["organization_id"], r["deleted"])
            for nid in ids
            if (r := table.get(nid))
        }

    def history_since(self, collection, since):
        found = defaultdict(list)
        for row in self.history_rows:
            rid = row["record_id"]
            if row["collection"] == collection and rid in since and row["rev"] > since[rid]:
                found[rid].append(copy.deepcopy(row))
        return dict(found)

    def take_seqs(self, count):
        first = self.seq + 1
        self.seq += count
        return first

    def write(self, batch: Batch) -> None:
        for rows_by_collection in (batch.inserts, batch.updates):
            for collection, rows in rows_by_collection.items():
                assert collection in WRITABLE
                for row in rows:
                    self.tables[collection][row["id"]] = copy.deepcopy(row)
        self.history_rows.extend(copy.deepcopy(batch.history))
        for entry in batch.log:
            assert entry["mutation_id"] not in self.mutation_log
            self.mutation_log[entry["mutation_id"]] = copy.deepcopy(entry)

    def max_seq(self):
        return self.seq

    def changes(self, collection, where, after, upto, high_water, limit):
        rows = [
            row
            for row in self.tables[collection].values()
            if after < row["seq"] <= upto
            and row.get(where.column) == where.value
            and (not row["deleted"] or row["seq"] > high_water)
        ]
        rows.sort(key=lambda r: r["seq"])
        rows = [copy.deepcopy(r) for r in rows[:limit]]
        if collection == "neighborhoods":
            for row in rows:
                row["assignments"] = [
                    a for a in self.assignments if a["neighborhood_id"] == row["id"]
                ]
        return rows

    def exits(self, collection, where, after, upto, limit):
        table = self.tables[collection]
        latest = {}
        for e in sorted(self.exit_rows, key=lambda e: e["seq"]):
            if (
                e["collection"] == collection
                and e["column"] == where.column
                and e["old_value"] == where.value
                and after < e["seq"] <= upto
                and table[e["record_id"]].get(where.column) != where.value
            ):
                latest[e["record_id"]] = e
        rows = sorted(latest.values(), key=lambda e: e["seq"])[:limit]
        return [
            {"id": e["record_id"], "rev": e["rev"], "seq": e["seq"], "deleted": True, "data": None}
            for e in rows
        ]

    def history(self, collection, record_id):
        rows = [
            copy.deepcopy(r)
            for r in self.history_rows
            if r["collection"] == collection and r["record_id"] == record_id
        ]
        return sorted(rows, key=lambda r: r["rev"])

    def touch_device(self, user_id, device_id, now, *, push):
        device = self.devices.setdefault((user_id, device_id), {"first_seen_at": now})
        device["last_push_at" if push else "last_pull_at"] = now
        device["last_sync_at"] = now
