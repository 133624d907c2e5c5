"""Small factories for test data; each fills sensible defaults and commits."""

import itertools
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher

from server.changes import take_seqs
from server.extensions import db
from server.models import (
    Assignment,
    Mediation,
    Neighborhood,
    Organization,
    SyncedMixin,
    Team,
    User,
    Visit,
    new_id,
)

PASSWORD = "correct horse battery"
_counter = itertools.count(1)
# argon2 is slow by design; factory users get a cheap argon2id hash (the parameters live in the
# hash, so signing in verifies it just as fast). Users made through the API or CLI in tests still
# get the production cost.
_CHEAP = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
_HASHES: dict[str, str] = {}


def _hash(password):
    if password not in _HASHES:
        _HASHES[password] = _CHEAP.hash(password)
    return _HASHES[password]


def utc(*args) -> datetime:
    """A naive UTC datetime, as the database stores instants."""
    return datetime(*args, tzinfo=UTC).replace(tzinfo=None)


class Factory:
    def _save(self, obj):
        db.session.add(obj)
        if isinstance(obj, SyncedMixin) and not obj.seq:
            # As every writer of a synced table must (server/changes.py), so pulls see the row.
            obj.seq = take_seqs(1)
        db.session.commit()
        return obj

    def org(self, name=None):
        return self._save(Organization(name=name or f"Org {next(_counter)}"))

    def team(self, name=None, org=None):
        org = org or self.org()
        return self._save(Team(name=name or f"Team {next(_counter)}", organization_id=org.id))

    def user(self, role="worker", team=None, username=None, password=PASSWORD, **kw):
        team = team or self.team()
        n = next(_counter)
        return self._save(
            User(
                username=username or f"{role}{n}",
                display_name=kw.pop("display_name", f"{role.title()} {n}"),
                role=role,
                team_id=team.id,
                organization_id=team.organization_id,
                password_hash=_hash(password),
                **kw,
            )
        )

    def neighborhood(self, team=None, **kw):
        team = team or self.team()
        n = next(_counter)
        kw.setdefault("name", f"Neighborhood {n}")
        kw.setdefault("code", f"N{n}")
        kw.setdefault("target_visits_per_week", 3)
        kw.setdefault("priority", 2)
        return self._save(Neighborhood(team_id=team.id, organization_id=team.organization_id, **kw))

    def assignment(self, user, neighborhood, starts_on=None, ends_on=None):
        starts_on = starts_on or datetime.now(UTC).date() - timedelta(days=30)
        return self._save(
            Assignment(
                user_id=user.id,
                neighborhood_id=neighborhood.id,
                starts_on=starts_on,
                ends_on=ends_on,
            )
        )

    def _record(self, model, worker, neighborhood, **kw):
        kw.setdefault("id", new_id())
        return self._save(
            model(
                worker_id=worker.id,
                neighborhood_id=neighborhood.id,
                team_id=neighborhood.team_id,
                organization_id=neighborhood.organization_id,
                **kw,
            )
        )

    def visit(self, worker, neighborhood, started_at=None, **kw):
        kw.setdefault("duration_minutes", 30)
        kw.setdefault("kind", "street_presence")
        kw.setdefault("people_engaged", 0)
        return self._record(
            Visit, worker, neighborhood, started_at=started_at or utc(2026, 11, 20, 23, 0), **kw
        )

    def mediation(self, worker, neighborhood, occurred_at=None, **kw):
        kw.setdefault("conflict_type", "interpersonal")
        kw.setdefault("parties_count", 2)
        kw.setdefault("weapons_present", "unknown")
        kw.setdefault("risk_level", "medium")
        kw.setdefault("outcome", "resolved")
        return self._record(
            Mediation,
            worker,
            neighborhood,
            occurred_at=occurred_at or utc(2026, 11, 20, 23, 0),
            **kw,
        )
