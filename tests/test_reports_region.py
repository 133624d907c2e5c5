"""The region view: zone-month aggregates across organizations, counts under 5 withheld."""

import pytest
from sqlalchemy import select

from server.extensions import db
from server.models import Neighborhood, Visit

from .factories import utc

URL = "/api/v1/reports/region?start=2026-10-01&end=2026-11-30"


@pytest.fixture
def zones(make):
    north, south = make.org("North"), make.org("South")
    north_team, south_team = make.team(org=north), make.team(org=south)
    make.user("admin", team=north_team, username="admin")
    make.user("lead", team=north_team, username="lead")
    x = make.neighborhood(north_team, name="X", code="X1")
    y = make.neighborhood(south_team, name="Y", code="Y1")
    make.neighborhood(south_team, name="Gone", deleted=True)
    nw, sw = make.user(team=north_team), make.user(team=south_team)
    for hour in (1, 2, 3, 14, 15):  # November: 5 visits, 3 of them at night
        make.visit(nw, x, utc(2026, 11, 10, hour))
    make.mediation(nw, x, utc(2026, 11, 10, 12))
    make.visit(nw, x, utc(2026, 11, 11, 12), deleted=True)
    for day in (3, 4, 5, 6):  # October: 4 at night here ...
        make.visit(sw, y, utc(2026, 10, day, 3))
        make.mediation(sw, y, utc(2026, 10, day, 12))
    make.visit(sw, y, utc(2026, 10, 7, 15))  # ... a day visit ...
    make.visit(sw, y, utc(2026, 11, 1, 4, 30))  # ... and 23:30 CDT on Oct 31: October, night
    make.mediation(sw, y, utc(2026, 10, 20, 12))
    make.visit(sw, y, utc(2026, 12, 1, 12))  # after the range


def test_rows_for_every_zone_and_month_with_small_counts_suppressed(auth, zones):
    auth.login("admin")
    response = auth.get(URL)
    assert response.status_code == 200, response.json
    rows = {(r["neighborhood"], r["month"]): r for r in response.json["rows"]}
    assert list(rows) == [("X", "2026-10"), ("X", "2026-11"), ("Y", "2026-10"), ("Y", "2026-11")]
    assert rows["Y", "2026-10"] == {
        "organization": "South",
        "neighborhood": "Y",
        "code": "Y1",
        "program_started_on": None,
        "month": "2026-10",
        "visits": 6,
        # 5 of 6 at night would give away the 1 daytime visit: withheld too.
        "night_visits": None,
        "mediations": 5,
        "suppressed": True,
    }
    november = rows["X", "2026-11"]
    assert (november["organization"], november["visits"]) == ("North", 5)
    assert november["night_visits"] is None and november["mediations"] is None
    assert november["suppressed"] is True
    empty = rows["X", "2026-10"]
    assert (empty["visits"], empty["night_visits"], empty["suppressed"]) == (None, None, True)


@pytest.mark.parametrize("username", ["lead", "worker"])
def test_only_admins_read_the_region(auth, make, zones, username):
    if username == "worker":
        make.user(username="worker")
    auth.login(username)
    response = auth.get(URL)
    assert response.status_code == 403


def test_region_range_is_validated(auth, zones):
    auth.login("admin")
    response = auth.get("/api/v1/reports/region?start=2026-11-01&end=2026-10-01")
    assert response.status_code == 422
    assert "end" in response.json["errors"]


def test_overlapping_ranges_are_widened_to_the_same_whole_months(auth, make, zones):
    south_worker = make.user(team=make.team())
    y = db.session.execute(select(Neighborhood).where(Neighborhood.code == "Y1")).scalar_one()
    for day in range(1, 8):  # 7 November visits in Y, one of them on November 1
        make.visit(south_worker, y, utc(2026, 11, day, 18))
    auth.login("admin")
    first = auth.get("/api/v1/reports/region?start=2026-11-01&end=2026-11-30")
    second = auth.get("/api/v1/reports/region?start=2026-11-02&end=2026-11-30")
    narrow = auth.get("/api/v1/reports/region?start=2026-11-15&end=2026-11-15")
    assert first.status_code == second.status_code == narrow.status_code == 200
    assert first.json == second.json == narrow.json
    assert (first.json["start"], first.json["end"], first.json["months"]) == (
        "2026-11-01",
        "2026-11-30",
        ["2026-11"],
    )
    rows = {r["neighborhood"]: r for r in first.json["rows"]}
    assert (rows["Y"]["visits"], rows["Y"]["suppressed"]) == (7, True)  # 0 mediations withheld
    assert rows["X"]["visits"] == 5 and rows["X"]["mediations"] is None


def test_no_other_parameter_narrows_the_region(auth, make, zones):
    x = db.session.execute(select(Neighborhood).where(Neighborhood.code == "X1")).scalar_one()
    worker = db.session.execute(select(Visit.worker_id).where(Visit.neighborhood_id == x.id))
    narrowing = {
        "team_id": x.team_id,
        "neighborhood_id": x.id,
        "worker_id": worker.scalars().first(),
        "organization_id": x.organization_id,
        "month": "2026-11",
    }
    auth.login("admin")
    plain = auth.get(URL)
    assert plain.status_code == 200
    for name, value in narrowing.items():
        response = auth.get(f"{URL}&{name}={value}")
        assert (response.status_code, response.json) == (200, plain.json), name


@pytest.mark.parametrize(
    ("start", "end", "widened"),
    [
        ("2028-02-10", "2028-02-10", ("2028-02-01", "2028-02-29")),
        ("2026-12-31", "2027-01-01", ("2026-12-01", "2027-01-31")),
        ("2026-01-15", "2027-01-14", ("2026-01-01", "2027-01-31")),
    ],
)
def test_start_and_end_widen_to_their_months_first_and_last_days(auth, zones, start, end, widened):
    auth.login("admin")
    response = auth.get(f"/api/v1/reports/region?start={start}&end={end}")
    assert response.status_code == 200, response.json
    assert (response.json["start"], response.json["end"]) == widened
    assert response.json["months"][0] == widened[0][:7]
    assert response.json["months"][-1] == widened[1][:7]
    assert len(response.json["rows"]) == 2 * len(response.json["months"])


def test_night_visits_are_withheld_when_the_daytime_rest_would_be_small():
    from server.reports.region import suppress

    row = suppress({"visits": 6, "night_visits": 5, "mediations": 7})
    assert (row["visits"], row["night_visits"], row["mediations"]) == (6, None, 7)
    assert row["suppressed"] is True
    kept = suppress({"visits": 12, "night_visits": 6, "mediations": 7})
    assert (kept["night_visits"], kept["suppressed"]) == (6, False)
