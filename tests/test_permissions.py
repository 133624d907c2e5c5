"""The plain rule functions of ``server.permissions``, without HTTP or a database."""

from types import SimpleNamespace

import pytest

from server import permissions as rules
from server.permissions import Principal, principal_of

WORKER = Principal("w1", "worker", "t1", "o1")
LEAD = Principal("l1", "lead", "t1", "o1")
ADMIN = Principal("a1", "admin", "t1", "o1")
OTHER_ADMIN = Principal("a2", "admin", "t9", "o2")


def record(worker_id="w1", team_id="t1", organization_id="o1"):
    return SimpleNamespace(worker_id=worker_id, team_id=team_id, organization_id=organization_id)


def person(user_id, team_id="t1", organization_id="o1"):
    return SimpleNamespace(id=user_id, team_id=team_id, organization_id=organization_id)


@pytest.mark.parametrize(
    ("user", "team", "org", "expected"),
    [
        (WORKER, "t1", "o1", True),
        (WORKER, "t2", "o1", False),
        (LEAD, "t2", "o1", False),
        (ADMIN, "t2", "o1", True),
        (ADMIN, "t9", "o2", False),
    ],
)
def test_can_read_team(user, team, org, expected):
    assert rules.can_read_team(user, team, org) is expected


@pytest.mark.parametrize(
    ("user", "team", "org", "expected"),
    [
        (WORKER, "t1", "o1", False),
        (LEAD, "t1", "o1", True),
        (LEAD, "t2", "o1", False),
        (ADMIN, "t2", "o1", True),
        (OTHER_ADMIN, "t1", "o1", False),
    ],
)
def test_can_lead_team(user, team, org, expected):
    assert rules.can_lead_team(user, team, org) is expected


@pytest.mark.parametrize(
    ("user", "target", "expected"),
    [
        (WORKER, record(), True),
        (WORKER, record(worker_id="w2"), False),
        (LEAD, record(worker_id="w2"), True),
        (LEAD, record(worker_id="w2", team_id="t2"), False),
        (ADMIN, record(worker_id="w2", team_id="t2"), True),
        (OTHER_ADMIN, record(), False),
    ],
)
def test_can_read_record(user, target, expected):
    assert rules.can_read_record(user, target) is expected


@pytest.mark.parametrize(
    ("user", "target", "expected"),
    [
        (WORKER, record(), True),
        (WORKER, record(team_id="t2"), False),  # own record left behind in an old team
        (LEAD, record(), False),  # leads append reviews, never edit
        (ADMIN, record(), False),
    ],
)
def test_can_write_record(user, target, expected):
    assert rules.can_write_record(user, target) is expected


@pytest.mark.parametrize(
    ("user", "team", "expected"),
    [(WORKER, "t1", True), (WORKER, "t2", False), (LEAD, "t1", True), (ADMIN, "t1", False)],
)
def test_can_record_in(user, team, expected):
    assert rules.can_record_in(user, SimpleNamespace(team_id=team)) is expected


@pytest.mark.parametrize(
    ("user", "org", "expected"),
    [(WORKER, "o1", False), (LEAD, "o1", False), (ADMIN, "o1", True), (ADMIN, "o2", False)],
)
def test_can_administer(user, org, expected):
    assert rules.can_administer(user, org) is expected


@pytest.mark.parametrize(
    ("user", "target", "expected"),
    [
        (WORKER, person("w1"), True),
        (WORKER, person("w2"), False),
        (LEAD, person("w2"), True),
        (LEAD, person("w3", team_id="t2"), False),
        (ADMIN, person("w3", team_id="t2"), True),
        (OTHER_ADMIN, person("w2"), False),
    ],
)
def test_can_read_user(user, target, expected):
    assert rules.can_read_user(user, target) is expected


@pytest.mark.parametrize(
    ("user", "assignee", "team", "org", "expected"),
    [
        (WORKER, "w1", "t1", "o1", True),
        (WORKER, "w2", "t1", "o1", False),
        (LEAD, "w2", "t1", "o1", True),
        (LEAD, "w3", "t2", "o1", False),
        (ADMIN, "w3", "t2", "o1", True),
        (OTHER_ADMIN, "w2", "t1", "o1", False),
    ],
)
def test_can_read_assignment(user, assignee, team, org, expected):
    assert rules.can_read_assignment(user, assignee, team, org) is expected


def test_region_view_and_is_admin_are_for_admins_only():
    assert [rules.can_read_region(u) for u in (WORKER, LEAD, ADMIN)] == [False, False, True]
    assert [rules.is_admin(u) for u in (WORKER, LEAD, ADMIN)] == [False, False, True]


def test_principal_of_copies_the_facts_the_rules_need():
    user = SimpleNamespace(id="u", role="lead", team_id="t", organization_id="o", extra=1)
    assert principal_of(user) == Principal("u", "lead", "t", "o")
    assert rules.can_lead_team(user, "t", "o") is True
