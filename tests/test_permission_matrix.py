"""Every endpoint of the read and admin API, for each role against each target side.

Roles: a worker, a lead and an admin of team ``own`` in organization A. Targets: their own
team, another team of organization A, a team of organization B (see ``tests/world.py``).
Each case runs every endpoint against the target and compares the whole table of statuses at
once, so a failure shows every endpoint that differs. Lists are checked for leaks separately.
"""

import pytest

from server.extensions import db
from server.models import Neighborhood, Team, User

from .world import ROLES, TARGETS, build

OWN = (200, 403, 403)  # only the actor's own team
ORG = (200, 200, 403)  # any team of the actor's organization
NONE = (403, 403, 403)


#: Who reads a team's data (roster excepted): its members and its organization's admins.
MEMBERS = {"worker": OWN, "lead": OWN, "admin": ORG}
#: Who reads other people's records, profiles and assignments: leads and admins.
LEADS = {"worker": NONE, "lead": OWN, "admin": ORG}


def admins(status):
    return {"worker": NONE, "lead": NONE, "admin": (status, status, 403)}


# (name, expected by role, request builder); writes last, the delete at the very end.
ENDPOINTS = [
    ("get team", MEMBERS, lambda s: ("get", f"/api/v1/teams/{s.team.id}", None)),
    ("get user", LEADS, lambda s: ("get", f"/api/v1/users/{s.worker.id}", None)),
    (
        "get neighborhood",
        MEMBERS,
        lambda s: ("get", f"/api/v1/neighborhoods/{s.neighborhood.id}", None),
    ),
    (
        "get assignment",
        LEADS,
        lambda s: ("get", f"/api/v1/assignments/{s.assignment.id}", None),
    ),
    ("get visit", LEADS, lambda s: ("get", f"/api/v1/visits/{s.visit.id}", None)),
    (
        "get mediation",
        LEADS,
        lambda s: ("get", f"/api/v1/mediations/{s.mediation.id}", None),
    ),
    ("list users", LEADS, lambda s: ("get", f"/api/v1/users?team_id={s.team.id}", None)),
    (
        "list neighborhoods",
        MEMBERS,
        lambda s: ("get", f"/api/v1/neighborhoods?team_id={s.team.id}", None),
    ),
    (
        "list visits",
        MEMBERS,
        lambda s: ("get", f"/api/v1/visits?team_id={s.team.id}", None),
    ),
    (
        "list mediations",
        MEMBERS,
        lambda s: ("get", f"/api/v1/mediations?team_id={s.team.id}", None),
    ),
    (
        "patch team",
        admins(200),
        lambda s: ("patch", f"/api/v1/teams/{s.team.id}", {"name": f"{s.team.name} renamed"}),
    ),
    (
        "post user",
        admins(201),
        lambda s: (
            "post",
            "/api/v1/users",
            {
                "username": "newcomer",
                "display_name": "Newcomer",
                "role": "worker",
                "team_id": s.team.id,
                "password": "a long enough password",
            },
        ),
    ),
    (
        "patch user",
        admins(200),
        lambda s: ("patch", f"/api/v1/users/{s.worker.id}", {"display_name": "Renamed"}),
    ),
    (
        "post neighborhood",
        admins(201),
        lambda s: (
            "post",
            "/api/v1/neighborhoods",
            {"team_id": s.team.id, "name": "New place", "code": "NEW"},
        ),
    ),
    (
        "patch neighborhood",
        admins(200),
        lambda s: ("patch", f"/api/v1/neighborhoods/{s.neighborhood.id}", {"priority": 1}),
    ),
    (
        "post assignment",
        admins(201),
        lambda s: (
            "post",
            "/api/v1/assignments",
            {
                "user_id": s.worker.id,
                "neighborhood_id": s.neighborhood.id,
                "starts_on": "2026-11-01",
            },
        ),
    ),
    (
        "patch assignment",
        admins(200),
        lambda s: ("patch", f"/api/v1/assignments/{s.assignment.id}", {"ends_on": "2030-01-01"}),
    ),
    (
        "delete assignment",
        admins(204),
        lambda s: ("delete", f"/api/v1/assignments/{s.assignment.id}", None),
    ),
]


def call(auth, method, url, body):
    return getattr(auth, method)(url, json=body) if body is not None else getattr(auth, method)(url)


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("role", ROLES)
def test_each_endpoint_answers_the_exact_status_for_role_and_target(auth, make, role, target):
    world = build(make)
    auth.login(world.actors[role].username)
    side = world.sides[target]
    column = TARGETS.index(target)
    expected = {name: by_role[role][column] for name, by_role, _ in ENDPOINTS}
    got, strays = {}, {}
    for name, _, build_request in ENDPOINTS:
        response = call(auth, *build_request(side))
        got[name] = response.status_code
        if name.startswith("list ") and response.status_code == 200:
            strays[name] = _outside(side, response.json)
    assert got == expected
    assert strays == {name: [] for name in strays}


def _outside(side, body) -> list:
    """The items of a list filtered by ``side``'s team that do not belong to that team."""
    items = body["items"] if isinstance(body, dict) else body
    assert items, "a filtered list in scope is never empty in this world"
    team = side.team.id
    return [
        item["id"]
        for item in items
        if item.get("team_id", team) != team
        or item.get("neighborhood_id", side.neighborhood.id) != side.neighborhood.id
    ]


@pytest.mark.parametrize(("role", "expected"), [("worker", 403), ("lead", 403), ("admin", 201)])
def test_only_admins_create_teams(auth, make, role, expected):
    world = build(make)
    auth.login(world.actors[role].username)
    response = auth.post("/api/v1/teams", json={"name": "Brand new team"})
    assert response.status_code == expected
    if expected == 201:
        assert response.json["organization_id"] == world.actors["admin"].organization_id


def test_every_endpoint_without_a_session_is_401(client, make):
    world = build(make)
    side = world.sides["own"]
    statuses = {name: call(client, *b(side)).status_code for name, _, b in ENDPOINTS}
    assert set(statuses.values()) == {401}


def _ids(rows):
    return {row.id for row in rows}


def expected_lists(world, role):
    """What each list must hold for ``role``: exactly the rows in scope, nothing else."""
    own, team = world.sides["own"], world.sides["team"]
    org_a = world.actors["admin"].organization_id
    sides = [own, team] if role == "admin" else [own]
    teams = _ids(s.team for s in sides)
    users = _ids(db.session.scalars(db.select(User).where(User.team_id.in_(teams))))
    if role == "worker":
        records = {k: {world.mine[k].id} for k in ("visit", "mediation", "assignment")}
    else:
        records = {
            k: {world.mine[k].id} | {getattr(s, k).id for s in sides}
            for k in ("visit", "mediation", "assignment")
        }
    neighborhoods = _ids(
        db.session.scalars(db.select(Neighborhood).where(Neighborhood.team_id.in_(teams)))
    )
    assert {
        t.organization_id for t in db.session.scalars(db.select(Team).where(Team.id.in_(teams)))
    } == {org_a}
    return {
        "/api/v1/teams": teams,
        "/api/v1/users": None if role == "worker" else users,
        "/api/v1/neighborhoods": neighborhoods,
        "/api/v1/assignments": records["assignment"],
        "/api/v1/visits": records["visit"],
        "/api/v1/mediations": records["mediation"],
    }


@pytest.mark.parametrize("role", ROLES)
def test_lists_hold_exactly_what_is_in_scope(auth, make, role):
    world = build(make)
    auth.login(world.actors[role].username)
    got = {}
    for url in expected_lists(world, role):
        response = auth.get(url)
        if response.status_code == 403:
            got[url] = None
            continue
        assert response.status_code == 200, url
        body = response.json
        items = body["items"] if isinstance(body, dict) else body
        got[url] = {item["id"] for item in items}
    assert got == expected_lists(world, role)
