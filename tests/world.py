"""A small region for scope tests: two organizations, three teams, one of everything per team.

The actors (``worker``, ``lead``, ``admin``) belong to team ``own`` of organization A. Each
target side (``own``: the actors' team; ``team``: another team of organization A; ``org``: a
team of organization B) has its own worker, neighborhood, assignment, visit and mediation, so
an actor's view of each side can be checked separately.
"""

from dataclasses import dataclass

from server.models import Assignment, Mediation, Neighborhood, Team, User, Visit

TARGETS = ("own", "team", "org")
ROLES = ("worker", "lead", "admin")


@dataclass
class Side:
    team: Team
    worker: User
    neighborhood: Neighborhood
    assignment: Assignment
    visit: Visit
    mediation: Mediation


@dataclass
class World:
    actors: dict
    sides: dict
    mine: dict  # the actor worker's own records: visit, mediation, assignment


def _side(make, team, name) -> Side:
    worker = make.user("worker", team=team, username=f"worker_{name}")
    make.user("lead", team=team, username=f"lead_{name}")
    neighborhood = make.neighborhood(team=team, code=f"N-{name}", name=f"Place {name}")
    return Side(
        team=team,
        worker=worker,
        neighborhood=neighborhood,
        assignment=make.assignment(worker, neighborhood),
        visit=make.visit(worker, neighborhood),
        mediation=make.mediation(worker, neighborhood),
    )


def build(make) -> World:
    org_a, org_b = make.org("Org A"), make.org("Org B")
    own = make.team("Team own", org_a)
    sides = {
        "own": _side(make, own, "own"),
        "team": _side(make, make.team("Team team", org_a), "team"),
        "org": _side(make, make.team("Team org", org_b), "org"),
    }
    make.user("admin", team=sides["org"].team, username="admin_org")
    actors = {
        "worker": make.user("worker", team=own, username="worker"),
        "lead": make.user("lead", team=own, username="lead"),
        "admin": make.user("admin", team=own, username="admin"),
    }
    me, place = actors["worker"], sides["own"].neighborhood
    mine = {
        "visit": make.visit(me, place),
        "mediation": make.mediation(me, place),
        "assignment": make.assignment(me, place),
    }
    return World(actors=actors, sides=sides, mine=mine)
