"""Who is asking, as plain data, and which rows of each collection they pull.

The permission rules themselves live in one place, ``server/permissions.py``; the engine asks
them through a *policy* (any object with ``can_record_in``, ``can_write_record``,
``can_read_record`` and ``can_lead_team``, e.g. that module). The pull filters below are the
same read rules written as column filters, so a page is one indexed range scan per collection;
``tests/test_sync_scope.py`` checks every pulled record against ``can_read_record``.
"""

import hashlib
from dataclasses import dataclass
from typing import NamedTuple


@dataclass(frozen=True)
class Principal:
    """The session user, detached from any ORM: the facts the rules need."""

    id: str
    role: str
    team_id: str
    organization_id: str


class NeighborhoodRef(NamedTuple):
    """What the rules need to know of a neighborhood a mutation records in."""

    id: str
    team_id: str
    organization_id: str
    deleted: bool = False


class RecordRef(NamedTuple):
    """What the rules need to know of a visit or mediation."""

    id: str
    worker_id: str
    team_id: str
    organization_id: str


def record_ref(row: dict) -> RecordRef:
    return RecordRef(row["id"], row["worker_id"], row["team_id"], row["organization_id"])


class Filter(NamedTuple):
    """Rows of a collection whose ``column`` equals ``value``."""

    column: str
    value: str


def pull_filters(p: Principal) -> dict[str, Filter]:
    """Per collection, the rows the user pulls (DESIGN, "Scope")."""
    if p.role == "admin":
        shared = Filter("organization_id", p.organization_id)
        records = shared
    else:
        shared = Filter("team_id", p.team_id)
        records = shared if p.role == "lead" else Filter("worker_id", p.id)
    return {
        "users": shared,
        "neighborhoods": shared,
        "visits": records,
        "mediations": records,
    }


def fingerprint(p: Principal) -> str:
    """A short digest of what the scope depends on: a change in it makes old cursors reset."""
    raw = f"{p.id}|{p.role}|{p.team_id}|{p.organization_id}".encode()
    return hashlib.sha256(raw).hexdigest()[:16]
