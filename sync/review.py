"""Server-side changes of synced records: a lead restoring a deleted record from its history,
and clearing ``needs_review`` once a conflict was looked at.

Both are accepted changes like a push's: rev + 1, a new seq, a history row, so devices pull
them and nothing is lost. Neither edits what the worker wrote beyond bringing back a state
the record already had.
"""

from .collections import FIELDS, to_wire
from .scope import Principal
from .storage import Batch, Store


class NotFound(LookupError):
    """No such record (or history rev)."""


class Forbidden(PermissionError):
    """The rules do not let this user do this."""


class Refused(ValueError):
    """Allowed, but not in the record's current state (409)."""


def load_for_lead(store: Store, policy, principal: Principal, collection: str, record_id: str):
    """The record, if it exists and ``principal`` leads its team (else NotFound / Forbidden)."""
    row = store.records(collection, [record_id]).get(record_id)
    if row is None:
        raise NotFound("No such record.")
    if not policy.can_lead_team(principal, row["team_id"], row["organization_id"]):
        raise Forbidden("Only the team's leads and the organization's admins may do this.")
    return row


def _write(store: Store, principal, collection, row, op, incoming, now) -> dict:
    row["rev"] += 1
    row["seq"] = store.take_seqs(1)
    row["updated_at"] = now
    data = None if row["deleted"] else to_wire(collection, row)
    history = {
        "collection": collection,
        "record_id": row["id"],
        "rev": row["rev"],
        "op": op,
        "status": "applied",
        "data": data,
        "incoming": incoming,
        "lost": None,
        "user_id": principal.id,
        "device_id": None,
        "mutation_id": None,
        "edited_at": now,
        "received_at": now,
    }
    store.write(Batch(updates={collection: [row]}, history=[history]))
    return {
        "collection": collection,
        "record_id": row["id"],
        "rev": row["rev"],
        "deleted": row["deleted"],
        "data": data,
    }


def restore(store, policy, principal, collection, record_id, rev, now) -> dict:
    """Bring a deleted record back as it was at history ``rev`` (default: its last live rev)."""
    store.lock()
    row = load_for_lead(store, policy, principal, collection, record_id)
    if not row["deleted"]:
        raise Refused("The record is not deleted.")
    live = [h for h in store.history(collection, record_id) if h["data"] is not None]
    chosen = [h for h in live if rev is None or h["rev"] == rev]
    if not chosen:
        raise NotFound(f"No live state at rev {rev} in this record's history.")
    data = chosen[-1]["data"]
    values = {
        name: parse(data[name]) for name, (parse, _d) in FIELDS[collection].items() if name in data
    }
    # The record keeps its own team_id / organization_id: a neighborhood may have moved to
    # another team since, and following it would hand this team's notes to that team's lead.
    row.update(values)
    row["deleted"] = False
    incoming = {name: data[name] for name in values}
    return _write(store, principal, collection, row, "restore", incoming, now)


def resolve(store, policy, principal, collection, record_id, now) -> dict | None:
    """Clear ``needs_review``; None when the record was not flagged (nothing to change)."""
    store.lock()
    row = load_for_lead(store, policy, principal, collection, record_id)
    if not row["needs_review"]:
        return None
    row["needs_review"] = False
    return _write(store, principal, collection, row, "review", {"needs_review": False}, now)
