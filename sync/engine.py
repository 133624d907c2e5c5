"""Push: decide each mutation's status and write the whole batch at once.

One push is a handful of store calls whatever its size: lock, read the mutation log, the
records and the neighborhoods it touches (and, for stale ``base_rev`` only, their history),
then decide every mutation in memory, take seqs once, and write once. The caller commits, so
the mutation log rows (rejected ones too) land in the same transaction as the effects: a
retried request can never apply anything twice, and a replay answers the stored result.
Statuses and edge cases follow DESIGN's push table; field rules are in ``sync.conflicts``.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .collections import (
    READ_ONLY,
    WRITABLE,
    apply_defaults,
    is_uuid,
    to_wire,
    validate,
    wire_fields,
)
from .conflicts import changed_fields, edit_stamp, merge
from .protocol import check_mutation, mutation_key
from .scope import Principal, record_ref
from .storage import Batch, Store


@dataclass(frozen=True)
class PushContext:
    """Who pushes, from which device, when (naive UTC), in which zone, under which rules."""

    principal: Principal
    device_id: str
    now: datetime
    timezone: str
    policy: Any


def push(store: Store, ctx: PushContext, mutations: list) -> list[dict]:
    """The results of a push, one per mutation, in order; the batch is written to ``store``."""
    store.lock()
    return _Push(store, ctx).run(mutations)


def replay(mutation_id: str, stored: dict) -> dict:
    """The answer to a mutation seen before: ``duplicate`` with its rev, or the same rejection."""
    if stored["status"] == "rejected":
        return {**stored, "mutation_id": mutation_id}
    return {
        "mutation_id": mutation_id,
        "status": "duplicate",
        "record_id": stored.get("record_id"),
        "rev": stored.get("rev"),
    }


class _Push:
    def __init__(self, store: Store, ctx: PushContext):
        self.store, self.ctx, self.p = store, ctx, ctx.principal
        self.rows: dict[str, dict] = {}
        self.original: dict[str, set] = {}
        self.dirty: dict[str, dict] = {c: {} for c in WRITABLE}
        self.pending: dict[str, dict] = {c: defaultdict(list) for c in WRITABLE}
        self.batch = Batch()
        self.seen: dict[str, dict] = {}

    # -- reading ---------------------------------------------------------------------------
    def run(self, raws: list) -> list[dict]:
        checked = [(raw, mutation_key(raw), *check_mutation(raw)) for raw in raws]
        self.logged = self.store.logged({key for _r, key, _m, _e in checked if key})
        wanted = {c: set() for c in WRITABLE}
        neighborhood_ids = set()
        for _raw, _key, m, _errors in checked:
            if m and m["collection"] in wanted:
                wanted[m["collection"]].add(m["record_id"])
                nid = (m.get("data") or {}).get("neighborhood_id")
                if is_uuid(nid):
                    neighborhood_ids.add(nid)
        for c in WRITABLE:
            self.rows[c] = self.store.records(c, wanted[c]) if wanted[c] else {}
            self.original[c] = set(self.rows[c])
        self.neighborhoods = self.store.neighborhoods(neighborhood_ids) if neighborhood_ids else {}
        self.history = {c: self._stale_history(c, checked) for c in WRITABLE}
        results = [self.one(raw, key, m, errors) for raw, key, m, errors in checked]
        self.finish()
        return results

    def _stale_history(self, collection, checked) -> dict:
        since = {}
        for _raw, _key, m, _errors in checked:
            if not m or m["collection"] != collection or m["op"] != "upsert":
                continue
            row = self.rows[collection].get(m["record_id"])
            base = m["base_rev"]
            if row and not row["deleted"] and base is not None and base < row["rev"]:
                since[m["record_id"]] = min(base, since.get(m["record_id"], base))
        return self.store.history_since(collection, since) if since else {}

    # -- deciding --------------------------------------------------------------------------
    def one(self, raw, key, m, errors) -> dict:
        if key is None:
            mid = raw.get("mutation_id") if isinstance(raw, dict) else None
            return self._rejected(
                mid, raw, {"mutation_id": ["Must be an id made on the device (a UUID)."]}
            )
        if key in self.seen:
            return replay(key, self.seen[key])
        if key in self.logged:
            entry = self.logged[key]
            if entry["user_id"] != self.p.id:
                return self._rejected(key, raw, {"mutation_id": ["Already used; make a new one."]})
            return replay(key, entry["result"])
        result = self._rejected(key, raw, errors) if errors else self.decide(key, m)
        logged = {k: v for k, v in result.items() if k != "record"}
        self.seen[key] = logged
        collection = m["collection"] if m else raw.get("collection")
        self.batch.log.append(
            {
                "mutation_id": key,
                "user_id": self.p.id,
                "device_id": self.ctx.device_id,
                # Logged as sent when known; anything else (junk, NUL) as "?" (it was rejected).
                "collection": collection if collection in WRITABLE else "?",
                "record_id": result.get("record_id"),
                "status": result["status"],
                "result": logged,
                "received_at": self.ctx.now,
            }
        )
        return result

    @staticmethod
    def _rejected(mid, raw, errors) -> dict:
        rid = raw.get("record_id") if isinstance(raw, dict) else None
        result = {"mutation_id": mid, "status": "rejected"}
        if is_uuid(rid):
            result["record_id"] = rid
        result["errors"] = errors
        return result

    def decide(self, key, m) -> dict:
        c, rid, base = m["collection"], m["record_id"], m["base_rev"]
        if c not in WRITABLE:
            message = "Read-only for devices." if c in READ_ONLY else "Unknown collection."
            return self._rejected(key, m, {"collection": [message]})
        stored = self.rows[c].get(rid)
        values = {}
        if m["op"] == "upsert":
            values, errors = validate(c, m["data"], create=base is None, worker_id=self.p.id)
            if errors:
                return self._rejected(key, m, errors)
        if base is None:
            if stored is not None or m["op"] == "delete":
                return self._rejected(key, m, {"base_rev": [self._base_message(stored)]})
            return self.create(key, m, values)
        if stored is None:
            return self._rejected(key, m, {"base_rev": ["The server has no record with this id."]})
        if not self.ctx.policy.can_write_record(self.p, record_ref(stored)):
            return self._rejected(key, m, {"record_id": ["Not a record you may change."]})
        if base > stored["rev"]:
            message = f"Newer than the server's rev {stored['rev']}."
            return self._rejected(key, m, {"base_rev": [message]})
        if "neighborhood_id" in values:
            problem = self._neighborhood_problem(values["neighborhood_id"])
            if problem:
                return self._rejected(key, m, problem)
        if m["op"] == "delete":
            return self.delete(key, m, stored)
        return self.update(key, m, stored, values)

    @staticmethod
    def _base_message(stored) -> str:
        if stored is None:
            return "The server has no record with this id."
        return "A record with this id exists; send the rev you last saw."

    def _neighborhood_problem(self, neighborhood_id):
        hood = self.neighborhoods.get(neighborhood_id)
        if hood is None or hood.deleted:
            return {"neighborhood_id": ["Unknown neighborhood."]}
        if not self.ctx.policy.can_record_in(self.p, hood):
            return {"neighborhood_id": ["Not a neighborhood you may record in."]}
        return None

    def _stamp(self, m) -> tuple[datetime, str]:
        moment = min(m["edited_at"], self.ctx.now)
        return moment, edit_stamp(moment)

    def create(self, key, m, values) -> dict:
        problem = self._neighborhood_problem(values["neighborhood_id"])
        if problem:
            return self._rejected(key, m, problem)
        c = m["collection"]
        apply_defaults(c, values, self.ctx.timezone)
        hood = self.neighborhoods[values["neighborhood_id"]]
        _moment, stamp = self._stamp(m)
        row = {
            **values,
            "id": m["record_id"],
            "rev": 0,
            "seq": 0,
            "deleted": False,
            "worker_id": self.p.id,
            "team_id": hood.team_id,
            "organization_id": hood.organization_id,
            "needs_review": False,
            "field_edited_at": dict.fromkeys(values, stamp),
            "created_at": self.ctx.now,
        }
        return self._accept(key, m, row, "applied", wire_fields(values), None)

    def update(self, key, m, stored, values) -> dict:
        c, base = m["collection"], m["base_rev"]
        _moment, stamp = self._stamp(m)
        lost = None
        if stored["deleted"]:
            # An edit made in the field is never silently dropped: it brings the record back.
            status, apply = "conflict", values
        elif base == stored["rev"]:
            status, apply = "applied", values
        else:
            since = [h for h in self.history[c].get(stored["id"], []) if h["rev"] > base]
            since += [h for h in self.pending[c][stored["id"]] if h["rev"] > base]
            overlap = changed_fields(since) & set(values)
            if overlap:
                status = "conflict"
                apply, lost = merge(stored, values, stamp, overlap)
            else:
                status, apply = "merged", values
        row = {**stored, **apply, "field_edited_at": dict(stored.get("field_edited_at") or {})}
        row["field_edited_at"].update(dict.fromkeys(apply, stamp))
        if status == "conflict":
            row["deleted"] = False
            row["needs_review"] = True
        if "neighborhood_id" in apply:
            hood = self.neighborhoods[apply["neighborhood_id"]]
            row["team_id"], row["organization_id"] = hood.team_id, hood.organization_id
        return self._accept(key, m, row, status, wire_fields(values), lost)

    def delete(self, key, m, stored) -> dict:
        if stored["deleted"]:
            return {
                "mutation_id": key,
                "status": "applied",
                "record_id": stored["id"],
                "rev": stored["rev"],
            }
        status = "applied" if m["base_rev"] == stored["rev"] else "conflict"
        row = {**stored, "deleted": True}
        if status == "conflict":
            row["needs_review"] = True
        return self._accept(key, m, row, status, None, None)

    # -- writing ---------------------------------------------------------------------------
    def _accept(self, key, m, row, status, incoming, lost) -> dict:
        c = m["collection"]
        row["rev"] += 1
        row["updated_at"] = self.ctx.now
        self.rows[c][row["id"]] = row
        self.dirty[c][row["id"]] = row
        data = None if row["deleted"] else to_wire(c, row)
        entry = {
            "collection": c,
            "record_id": row["id"],
            "rev": row["rev"],
            "op": m["op"] if row["rev"] > 1 else "create",
            "status": status,
            "data": data,
            "incoming": incoming,
            "lost": lost or None,
            "user_id": self.p.id,
            "device_id": self.ctx.device_id,
            "mutation_id": key,
            "edited_at": min(m["edited_at"], self.ctx.now),
            "received_at": self.ctx.now,
        }
        self.pending[c][row["id"]].append(entry)
        self.batch.history.append(entry)
        result = {"mutation_id": key, "status": status, "record_id": row["id"], "rev": row["rev"]}
        if status == "conflict":
            result["record"] = {
                "collection": c,
                "record_id": row["id"],
                "rev": row["rev"],
                "deleted": row["deleted"],
                "data": data,
            }
        return result

    def finish(self) -> None:
        count = sum(len(rows) for rows in self.dirty.values())
        if count:
            seq = self.store.take_seqs(count)
            for c in WRITABLE:
                for rid, row in self.dirty[c].items():
                    row["seq"] = seq
                    seq += 1
                    target = self.batch.updates if rid in self.original[c] else self.batch.inserts
                    target.setdefault(c, []).append(row)
        if count or self.batch.log:
            self.store.write(self.batch)
