"""The weekly report: local Monday weeks, the one DST ends in counted right, local weekends."""

from datetime import date

import pytest

from .factories import utc

TODAY = date(2026, 11, 4)  # a Wednesday; its week starts Mon 2026-11-02 (CST)


@pytest.fixture
def team(make, monkeypatch):
    monkeypatch.setattr("server.reports.weekly.today", lambda tz: TODAY)
    team = make.team()
    make.user("lead", team=team, username="lead")
    worker = make.user(team=team)
    a = make.neighborhood(team, name="A", target_visits_per_week=5)
    make.neighborhood(team, name="B")
    for started_at in [
        utc(2026, 10, 26, 4, 59),  # Sun 23:59 CDT, the week before: outside
        utc(2026, 10, 26, 5, 0),  # Mon 00:00 CDT: week 1, night
        utc(2026, 10, 31, 5, 0),  # Sat 00:00 CDT: week 1, night, weekend
        utc(2026, 11, 2, 5, 30),  # Sun 23:30 CST (Mon in UTC): week 1, night, weekend
        utc(2026, 11, 2, 6, 0),  # Mon 00:00 CST: week 2, night
        utc(2026, 11, 4, 18, 0),  # Wed 12:00 CST: week 2, day
    ]:
        make.visit(worker, a, started_at)
    make.visit(worker, a, utc(2026, 11, 3, 18, 0), deleted=True)
    make.mediation(worker, a, utc(2026, 10, 28, 12, 0))
    return team


def test_weeks_start_monday_local_and_count_visits_nights_weekends_and_mediations(auth, team):
    auth.login("lead")
    response = auth.get("/api/v1/reports/weekly?weeks=2")
    assert response.status_code == 200, response.json
    body = response.json
    assert body["team_id"] == team.id
    assert body["weeks"] == ["2026-10-26", "2026-11-02"]
    a, b = body["neighborhoods"]
    assert (a["name"], a["target_visits_per_week"]) == ("A", 5)
    assert a["weeks"] == [
        {
            "start": "2026-10-26",
            "visits": 3,
            "night_visits": 3,
            "weekend_visits": 2,
            "mediations": 1,
        },
        {
            "start": "2026-11-02",
            "visits": 2,
            "night_visits": 1,
            "weekend_visits": 0,
            "mediations": 0,
        },
    ]
    assert [w["visits"] for w in b["weeks"]] == [0, 0]


def test_default_is_eight_weeks_ending_with_the_current_one(auth, team):
    auth.login("lead")
    weeks = auth.get("/api/v1/reports/weekly").json["weeks"]
    assert len(weeks) == 8
    assert weeks[0] == "2026-09-14" and weeks[-1] == "2026-11-02"


@pytest.mark.parametrize("weeks", ["0", "27", "many"])
def test_weeks_out_of_range_are_refused(auth, team, weeks):
    auth.login("lead")
    response = auth.get(f"/api/v1/reports/weekly?weeks={weeks}")
    assert response.status_code == 422
    assert "weeks" in response.json["errors"]


def test_worker_gets_403(auth, make, team):
    make.user(team=team, username="walker")
    auth.login("walker")
    assert auth.get("/api/v1/reports/weekly").status_code == 403
