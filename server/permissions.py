"""Who may read or write what: the one place the rules live, as plain functions.

Every endpoint asks here, so a rule changes in one place. The scopes (DESIGN, "Scope"):
a worker sees the team's neighborhoods and roster and their own records; a lead the whole
team; an admin the whole organization. Region-wide views show aggregates only.
"""

from sync.scope import Principal


def principal_of(user) -> Principal:
    """The rules' view of a user (an ORM ``User`` or anything with the same attributes)."""
    return Principal(user.id, user.role, user.team_id, user.organization_id)


def _p(user) -> Principal:
    return user if isinstance(user, Principal) else principal_of(user)


def is_admin(user) -> bool:
    return _p(user).role == "admin"


def can_read_team(user, team_id: str, organization_id: str) -> bool:
    """Team-wide data (roster, neighborhoods): the team's members, and admins of its org."""
    p = _p(user)
    if p.role == "admin":
        return p.organization_id == organization_id
    return p.team_id == team_id


def can_lead_team(user, team_id: str, organization_id: str) -> bool:
    """Team-lead views (records of everyone, reports, reviews, exports): leads and admins."""
    p = _p(user)
    if p.role == "admin":
        return p.organization_id == organization_id
    return p.role == "lead" and p.team_id == team_id


def can_read_record(user, record) -> bool:
    """A visit or mediation: its author, its team's leads, its organization's admins."""
    p = _p(user)
    if p.role == "worker":
        return record.worker_id == p.id
    return can_lead_team(p, record.team_id, record.organization_id)


def can_write_record(user, record) -> bool:
    """Workers edit only their own records; leads and admins append reviews, never edit."""
    p = _p(user)
    return record.worker_id == p.id and p.team_id == record.team_id


def can_record_in(user, neighborhood) -> bool:
    """A worker (or lead) records in any neighborhood of their team; assignments do not limit."""
    p = _p(user)
    return p.role in ("worker", "lead") and neighborhood.team_id == p.team_id


def can_administer(user, organization_id: str) -> bool:
    """Set-up writes (teams, users, neighborhoods, assignments): admins of that organization."""
    p = _p(user)
    return p.role == "admin" and p.organization_id == organization_id


def can_read_region(user) -> bool:
    """The region view (aggregates across organizations, small counts suppressed): admins."""
    return _p(user).role == "admin"


def can_read_user(user, target) -> bool:
    """A user's profile: the user themselves, their team's leads, their organization's admins."""
    p = _p(user)
    return target.id == p.id or can_lead_team(p, target.team_id, target.organization_id)


def can_read_assignment(user, assignee_id: str, team_id: str, organization_id: str) -> bool:
    """An assignment: its worker, the team's leads, the organization's admins."""
    p = _p(user)
    return assignee_id == p.id or can_lead_team(p, team_id, organization_id)


def pull_scope(user) -> dict[str, tuple[str, str]]:
    """Per synced collection, the ``(column, value)`` of the rows a user pulls (DESIGN, "Scope"):
    the read rules above as filters, so a pull page is one indexed range per collection."""
    p = _p(user)
    if p.role == "admin":
        shared = records = ("organization_id", p.organization_id)
    else:
        shared = ("team_id", p.team_id)
        records = shared if p.role == "lead" else ("worker_id", p.id)
    return {"users": shared, "neighborhoods": shared, "visits": records, "mediations": records}
