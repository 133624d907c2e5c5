"""The coverage report: hand-counted figures across the end of DST, and who may read it.

Weekend is Saturday and Sunday local time: the range has Sat 2026-10-31 (CDT, UTC-5) and
Sun 2026-11-01 (CDT until 02:00, then CST, UTC-6).

The range is Fri 2026-10-30 .. Mon 2026-11-02 in America/Chicago (4 days); DST ends on
Sun 2026-11-01 at 02:00 CDT (07:00 UTC), so the range is [2026-10-30 05:00, 2026-11-03 06:00) UTC.
"""

import pytest

from server.extensions import db
from server.models import Device
from server.reports.coverage import coverage

from .factories import utc

URL = "/api/v1/reports/coverage?start=2026-10-30&end=2026-11-02"


@pytest.fixture
def region(make):
    """Team with neighborhoods A (target 7), B (target 0), C (no visits), and three workers."""
    team = make.team()
    lead = make.user("lead", team=team, username="lead")
    w1 = make.user(team=team, display_name="Ana")
    w2 = make.user(team=team, display_name="Bo")
    w3 = make.user(team=team, display_name="Cy")
    a = make.neighborhood(team, name="A", target_visits_per_week=7)
    b = make.neighborhood(team, name="B", target_visits_per_week=0)
    c = make.neighborhood(team, name="C", target_visits_per_week=3)
    make.neighborhood(team, name="Gone", deleted=True)
    make.neighborhood(make.team(org=team.organization), name="Elsewhere")
    visits = [
        (w1, a, utc(2026, 10, 31, 22, 59), 30, 2),  # 17:59 CDT: day
        (w1, a, utc(2026, 10, 31, 23, 0), 45, 1),  # 18:00 CDT: night
        (w2, a, utc(2026, 11, 1, 6, 30), 60, 0),  # 01:30 CDT: night
        (w2, a, utc(2026, 11, 1, 23, 30), 15, 3),  # 17:30 CST (18:30 at the old offset): day
        (w2, a, utc(2026, 11, 2, 11, 59), 20, 0),  # 05:59 CST: night
        (w1, a, utc(2026, 11, 2, 12, 0), 10, 0),  # 06:00 CST: day
        (w1, a, utc(2026, 11, 3, 5, 59), 5, 0),  # 23:59 CST on the last day: night
        (w2, a, utc(2026, 11, 3, 6, 0), 99, 9),  # 00:00 CST the day after: outside
        (w1, b, utc(2026, 10, 29, 12, 0), 99, 9),  # before the range
        (w1, b, utc(2026, 10, 30, 4, 59), 99, 9),  # 23:59 CDT the day before: outside
        (w1, b, utc(2026, 10, 30, 5, 0), 30, 0),  # 00:00 CDT on the first day: night
    ]
    for worker, hood, started_at, minutes, people in visits:
        make.visit(worker, hood, started_at, duration_minutes=minutes, people_engaged=people)
    make.visit(w1, a, utc(2026, 11, 1, 20, 0), deleted=True, duration_minutes=99)
    make.mediation(w1, a, utc(2026, 10, 31, 12, 0))
    make.mediation(w2, a, utc(2026, 11, 3, 6, 0))  # after the range
    make.mediation(w2, a, utc(2026, 11, 1, 12, 0), deleted=True)
    make.mediation(w2, c, utc(2026, 11, 1, 12, 0))
    db.session.add_all(
        [
            Device(device_id="d1", user_id=w1.id, last_sync_at=utc(2026, 11, 2, 10, 0)),
            Device(device_id="d2", user_id=w1.id, last_sync_at=utc(2026, 11, 3, 15, 0)),
            Device(device_id="d3", user_id=w2.id, last_sync_at=None),
        ]
    )
    db.session.commit()
    return dict(team=team, lead=lead, w1=w1, w2=w2, w3=w3, a=a, b=b, c=c)


def test_neighborhood_rows_count_visits_nights_and_targets_across_the_end_of_dst(auth, region):
    auth.login("lead")
    response = auth.get(URL)
    assert response.status_code == 200, response.json
    rows = {row["name"]: row for row in response.json["neighborhoods"]}
    assert list(rows) == ["A", "B", "C"]
    a, b, c = rows["A"], rows["B"], rows["C"]
    assert a["neighborhood_id"] == region["a"].id
    assert (a["visits"], a["workers"], a["minutes"], a["people_engaged"]) == (7, 2, 185, 6)
    assert (a["night_visits"], a["mediations"]) == (4, 1)
    assert a["weekend_visits"] == 4  # Sat 17:59 and 18:00 CDT, Sun 01:30 CDT and 17:30 CST
    assert a["last_visit_at"] == "2026-11-02T23:59:00-06:00"
    assert a["target_visits"] == pytest.approx(4.0)
    assert a["coverage_ratio"] == pytest.approx(1.75)
    assert (b["visits"], b["night_visits"], b["workers"], b["minutes"]) == (1, 1, 1, 30)
    assert (b["weekend_visits"], c["weekend_visits"]) == (0, 0)  # B's visit is Fri 00:00 CDT
    assert b["target_visits"] == 0 and b["coverage_ratio"] is None
    assert b["last_visit_at"] == "2026-10-30T00:00:00-05:00"
    assert (c["visits"], c["workers"], c["night_visits"], c["mediations"]) == (0, 0, 0, 1)
    assert c["last_visit_at"] is None
    assert c["target_visits"] == pytest.approx(12 / 7)
    assert c["coverage_ratio"] == 0


def test_worker_rows_and_totals(auth, region):
    auth.login("lead")
    body = auth.get(URL).json
    workers = {row["name"]: row for row in body["workers"]}
    assert list(workers) == ["Ana", "Bo", "Cy"]
    assert workers["Ana"] == {
        "worker_id": region["w1"].id,
        "name": "Ana",
        "visits": 5,
        "mediations": 1,
        "minutes": 120,
        "last_sync_at": "2026-11-03T09:00:00-06:00",
    }
    assert (workers["Bo"]["visits"], workers["Bo"]["minutes"]) == (3, 95)
    assert workers["Bo"]["mediations"] == 1 and workers["Bo"]["last_sync_at"] is None
    assert (workers["Cy"]["visits"], workers["Cy"]["last_sync_at"]) == (0, None)
    totals = body["totals"]
    assert (totals["visits"], totals["workers"], totals["night_visits"]) == (8, 2, 5)
    assert totals["weekend_visits"] == 4
    assert (totals["minutes"], totals["people_engaged"], totals["mediations"]) == (215, 6, 2)
    assert totals["target_visits"] == pytest.approx(4 + 12 / 7)
    assert totals["coverage_ratio"] == pytest.approx(8 / (4 + 12 / 7))


def test_report_function_answers_the_same_without_http(app, region, auth):
    from datetime import date

    auth.login("lead")
    direct = coverage(region["team"].id, date(2026, 10, 30), date(2026, 11, 2))
    assert direct["neighborhoods"] == auth.get(URL).json["neighborhoods"]


def test_night_in_a_half_hour_zone_uses_minutes(app, make, auth):
    app.config["FIELDBOOK_TIMEZONE"] = "Asia/Kolkata"  # UTC+05:30
    team = make.team()
    make.user("lead", team=team, username="lead")
    worker = make.user(team=team)
    hood = make.neighborhood(team)
    make.visit(worker, hood, utc(2026, 11, 20, 12, 29))  # 17:59 IST: day
    make.visit(worker, hood, utc(2026, 11, 20, 12, 30))  # 18:00 IST: night
    make.visit(worker, hood, utc(2026, 11, 20, 0, 29))  # 05:59 IST: night
    make.visit(worker, hood, utc(2026, 11, 20, 0, 30))  # 06:00 IST: day
    auth.login("lead")
    (row,) = auth.get("/api/v1/reports/coverage?start=2026-11-20&end=2026-11-20").json[
        "neighborhoods"
    ]
    assert (row["visits"], row["night_visits"]) == (4, 2)
    assert row["last_visit_at"] == "2026-11-20T18:00:00+05:30"


def _one_row(make, auth, started, url):
    team = make.team()
    make.user("lead", team=team, username="lead")
    worker = make.user(team=team)
    hood = make.neighborhood(team)
    for started_at in started:
        make.visit(worker, hood, started_at)
    auth.login("lead")
    body = auth.get(url).json
    (row,) = body["neighborhoods"]
    return row, body["totals"]


def test_weekend_is_saturday_and_sunday_local_at_both_day_boundaries_across_dst(app, make, auth):
    row, totals = _one_row(
        make,
        auth,
        [
            utc(2026, 10, 30, 23, 30),  # Fri 18:30 CDT: weekday
            utc(2026, 10, 31, 4, 59),  # Fri 23:59 CDT, Saturday in UTC: weekday
            utc(2026, 10, 31, 5, 0),  # Sat 00:00 CDT (Fri 23:00 at CST's offset): weekend
            utc(2026, 10, 31, 5, 30),  # Sat 00:30 CDT: weekend
            utc(2026, 11, 1, 7, 30),  # Sun 01:30 CST, the second 01:30 of the day: weekend
            utc(2026, 11, 2, 5, 30),  # Sun 23:30 CST (Mon 00:30 at CDT's), Monday in UTC: weekend
            utc(2026, 11, 2, 5, 59),  # Sun 23:59 CST: weekend
            utc(2026, 11, 2, 6, 0),  # Mon 00:00 CST: weekday
        ],
        URL,
    )
    assert (row["visits"], row["weekend_visits"]) == (8, 5)
    assert totals["weekend_visits"] == 5


def test_weekend_in_a_zone_ahead_of_utc_starts_on_a_utc_friday(app, make, auth):
    app.config["FIELDBOOK_TIMEZONE"] = "Asia/Kolkata"  # UTC+05:30
    row, totals = _one_row(
        make,
        auth,
        [
            utc(2026, 11, 20, 18, 29),  # Fri 23:59 IST: weekday
            utc(2026, 11, 20, 18, 30),  # Sat 00:00 IST, still Friday in UTC: weekend
            utc(2026, 11, 22, 18, 29),  # Sun 23:59 IST: weekend
            utc(2026, 11, 22, 18, 30),  # Mon 00:00 IST, Sunday in UTC: outside the range
        ],
        "/api/v1/reports/coverage?start=2026-11-20&end=2026-11-22",
    )
    assert (row["visits"], row["weekend_visits"], totals["weekend_visits"]) == (3, 2, 2)


def test_admin_reads_any_team_of_the_org_with_team_id(auth, make, region):
    make.user("admin", team=make.team(org=region["team"].organization), username="boss")
    auth.login("boss")
    response = auth.get(URL + f"&team_id={region['team'].id}")
    assert response.status_code == 200
    assert response.json["team_id"] == region["team"].id
    assert len(response.json["neighborhoods"]) == 3


@pytest.mark.parametrize("who", ["worker", "lead of another team", "admin of another org"])
def test_forbidden_readers_get_403(auth, make, region, who):
    if who == "worker":
        make.user("worker", team=region["team"], username="someone")
        url = URL
    elif who == "lead of another team":
        make.user("lead", team=make.team(org=region["team"].organization), username="someone")
        url = URL + f"&team_id={region['team'].id}"
    else:
        make.user("admin", username="someone")
        url = URL + f"&team_id={region['team'].id}"
    auth.login("someone")
    response = auth.get(url)
    assert response.status_code == 403
    assert response.json["error"] == "forbidden"


def test_without_a_session_is_401(client):
    assert client.get(URL).status_code == 401


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("start=2026-13-01&end=2026-11-02", "start"),
        ("start=2026-11-01", "end"),
        ("start=2026-11-03&end=2026-11-02", "end"),
        ("start=2025-11-01&end=2026-11-02", "end"),
    ],
)
def test_bad_ranges_are_refused_naming_the_field(auth, region, query, field):
    auth.login("lead")
    response = auth.get(f"/api/v1/reports/coverage?{query}")
    assert response.status_code in (400, 422)
    assert field in response.json["errors"]


def test_unknown_team_is_404(auth, region):
    auth.login("lead")
    assert auth.get(URL + "&team_id=nope").status_code == 404
