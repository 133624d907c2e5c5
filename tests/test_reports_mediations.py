"""The mediations report: counts by risk and outcome, and follow-ups due and overdue."""

from datetime import date

import pytest

from .factories import utc

TODAY = date(2026, 11, 20)
URL = "/api/v1/reports/mediations?start=2026-11-01&end=2026-11-30"


@pytest.fixture
def records(make, monkeypatch):
    monkeypatch.setattr("server.reports.mediations.today", lambda tz: TODAY)
    team = make.team()
    make.user("lead", team=team, username="lead")
    worker = make.user(team=team)
    hood = make.neighborhood(team)
    other = make.neighborhood(make.team(org=team.organization))

    def add(name, occurred_at, due, risk, outcome, **kw):
        record = make.mediation(
            worker,
            kw.pop("hood", hood),
            occurred_at,
            follow_up_due=due,
            risk_level=risk,
            outcome=outcome,
            **kw,
        )
        made[name] = record.id

    made = {"_team": team.id}
    add("overdue", utc(2026, 11, 10, 18), date(2026, 11, 13), "high", "escalated")
    add("due", utc(2026, 11, 18, 18), date(2026, 11, 21), "high", "escalated")
    add("resolved", utc(2026, 11, 5, 18), date(2026, 11, 8), "low", "resolved")
    add("default", utc(2026, 11, 19, 12), None, "medium", "ongoing")  # due 72 h later
    add("today", utc(2026, 11, 17, 12), date(2026, 11, 20), "medium", "ongoing")
    add("deleted", utc(2026, 11, 10, 18), date(2026, 11, 12), "high", "ongoing", deleted=True)
    add("before", utc(2026, 10, 31, 12), date(2026, 11, 2), "high", "ongoing")
    add("other team", utc(2026, 11, 10, 18), date(2026, 11, 12), "high", "ongoing", hood=other)
    return made


def test_counts_by_risk_and_outcome_leave_out_deleted_and_out_of_range(auth, records):
    auth.login("lead")
    response = auth.get(URL)
    assert response.status_code == 200, response.json
    assert response.json["by_risk_outcome"] == [
        {"risk_level": "high", "outcome": "escalated", "count": 2},
        {"risk_level": "low", "outcome": "resolved", "count": 1},
        {"risk_level": "medium", "outcome": "ongoing", "count": 2},
    ]


def test_follow_ups_due_and_overdue_by_local_date(auth, records):
    auth.login("lead")
    follow_ups = auth.get(URL).json["follow_ups"]
    assert (follow_ups["due"], follow_ups["overdue"]) == (3, 1)
    items = follow_ups["items"]
    names = {v: k for k, v in records.items()}
    assert [names[i["mediation_id"]] for i in items] == [
        "resolved",
        "overdue",
        "today",
        "due",
        "default",
    ]
    assert [i["overdue"] for i in items] == [False, True, False, False, False]
    assert items[-1]["follow_up_due"] == "2026-11-22"
    assert items[1]["occurred_at"] == "2026-11-10T12:00:00-06:00"
    assert set(items[0]) == {
        "mediation_id",
        "neighborhood_id",
        "worker_id",
        "occurred_at",
        "follow_up_due",
        "risk_level",
        "outcome",
        "overdue",
    }


def test_lead_of_another_team_gets_403(auth, make, records):
    make.user("lead", username="stranger")
    auth.login("stranger")
    assert auth.get(URL + f"&team_id={records['_team']}").status_code == 403
