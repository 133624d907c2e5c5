"""``/api/v1/visits`` and ``/api/v1/mediations``: scope, filters, local dates, pages, shape."""

from datetime import date, datetime

import pytest

from server.admin.records import local_day_start

from .factories import utc


@pytest.fixture
def team(make):
    """A lead, two workers and two neighborhoods of one team."""
    lead = make.user("lead", username="lee")
    return {
        "lead": lead,
        "ana": make.user("worker", team=lead.team, username="ana"),
        "ben": make.user("worker", team=lead.team, username="ben"),
        "north": make.neighborhood(team=lead.team),
        "south": make.neighborhood(team=lead.team),
    }


def _ids(response):
    assert response.status_code == 200, response.json
    return [item["id"] for item in response.json["items"]]


def test_visit_item_has_the_design_fields_with_offsets_and_location(auth, make, team):
    visit = make.visit(
        team["ana"],
        team["north"],
        started_at=utc(2026, 11, 20, 22, 41),
        location_lat=41.85,
        location_lon=-87.65,
        location_accuracy_m=12.5,
        notes="Talked with the corner group.",
    )
    auth.login("ana")
    (item,) = auth.get("/api/v1/visits").json["items"]
    assert item["id"] == visit.id
    assert item["started_at"] == "2026-11-20T22:41:00+00:00"
    assert item["location"] == {"lat": 41.85, "lon": -87.65, "accuracy_m": 12.5}
    assert item["worker_id"] == team["ana"].id
    assert {"rev", "needs_review", "deleted", "kind", "duration_minutes"} <= set(item)
    assert datetime.fromisoformat(item["created_at"]).utcoffset() is not None


def test_mediation_item_has_no_location_when_none_was_taken(auth, make, team):
    make.mediation(team["ana"], team["north"], follow_up_due=date(2026, 11, 23))
    auth.login("lee")
    (item,) = auth.get("/api/v1/mediations").json["items"]
    assert item["location"] is None
    assert item["follow_up_due"] == "2026-11-23"
    assert {"conflict_type", "parties_count", "weapons_present", "risk_level", "outcome"} <= set(
        item
    )


@pytest.mark.parametrize("collection", ["visits", "mediations"])
def test_workers_see_their_own_records_and_leads_the_team(auth, make, team, collection):
    add = make.visit if collection == "visits" else make.mediation
    mine = add(team["ana"], team["north"])
    theirs = add(team["ben"], team["north"])
    auth.login("ana")
    assert _ids(auth.get(f"/api/v1/{collection}")) == [mine.id]
    assert _ids(auth.get(f"/api/v1/{collection}?worker_id={team['ben'].id}")) == []
    assert auth.get(f"/api/v1/{collection}/{theirs.id}").status_code == 403
    auth.login("lee")
    assert set(_ids(auth.get(f"/api/v1/{collection}"))) == {mine.id, theirs.id}


def test_filters_by_neighborhood_worker_and_kind(auth, make, team):
    wanted = make.visit(team["ana"], team["north"], kind="home_visit")
    make.visit(team["ana"], team["north"], kind="school")
    make.visit(team["ana"], team["south"], kind="home_visit")
    make.visit(team["ben"], team["north"], kind="home_visit")
    auth.login("lee")
    query = f"neighborhood_id={team['north'].id}&worker_id={team['ana'].id}&kind=home_visit"
    assert _ids(auth.get(f"/api/v1/visits?{query}")) == [wanted.id]


def test_filters_mediations_by_outcome_and_risk(auth, make, team):
    wanted = make.mediation(team["ana"], team["north"], outcome="escalated", risk_level="high")
    make.mediation(team["ana"], team["north"], outcome="escalated", risk_level="low")
    make.mediation(team["ana"], team["north"], outcome="resolved", risk_level="high")
    auth.login("lee")
    assert _ids(auth.get("/api/v1/mediations?outcome=escalated&risk_level=high")) == [wanted.id]


def test_dates_are_local_days_in_the_deployment_zone_both_included(auth, make, team):
    # America/Chicago is UTC-6 in November: local Nov 20 runs 06:00Z Nov 20 .. 06:00Z Nov 21.
    late_on_20th = make.visit(team["ana"], team["north"], started_at=utc(2026, 11, 21, 5, 59))
    start_of_21st = make.visit(team["ana"], team["north"], started_at=utc(2026, 11, 21, 6, 0))
    early_on_20th = make.visit(team["ana"], team["north"], started_at=utc(2026, 11, 20, 6, 0))
    make.visit(team["ana"], team["north"], started_at=utc(2026, 11, 20, 5, 59))  # the 19th
    auth.login("lee")
    day = _ids(auth.get("/api/v1/visits?start=2026-11-20&end=2026-11-20"))
    assert day == [late_on_20th.id, early_on_20th.id]  # newest first
    assert _ids(auth.get("/api/v1/visits?start=2026-11-21")) == [start_of_21st.id]


def test_local_day_start_follows_daylight_saving_time():
    zone = "America/Chicago"
    assert local_day_start(date(2026, 3, 8), zone) == datetime(2026, 3, 8, 6, 0)  # still CST
    assert local_day_start(date(2026, 3, 9), zone) == datetime(2026, 3, 9, 5, 0)  # now CDT


def test_deleted_records_are_left_out_unless_asked_for(auth, make, team):
    kept = make.visit(team["ana"], team["north"])
    gone = make.visit(team["ana"], team["north"], deleted=True)
    auth.login("lee")
    assert _ids(auth.get("/api/v1/visits")) == [kept.id]
    assert set(_ids(auth.get("/api/v1/visits?include_deleted=true"))) == {kept.id, gone.id}
    assert auth.get(f"/api/v1/visits/{gone.id}").json["deleted"] is True


def test_pages_are_newest_first_with_the_total(auth, make, team):
    visits = [
        make.visit(team["ana"], team["north"], started_at=utc(2026, 11, day, 20, 0))
        for day in range(1, 6)
    ]
    auth.login("lee")
    first = auth.get("/api/v1/visits?page_size=2").json
    last = auth.get("/api/v1/visits?page_size=2&page=3").json
    assert (first["page"], first["page_size"], first["total"]) == (1, 2, 5)
    assert [v["id"] for v in first["items"]] == [visits[4].id, visits[3].id]
    assert [v["id"] for v in last["items"]] == [visits[0].id]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("page_size=201", "page_size"),
        ("page=0", "page"),
        ("start=2026-11-21&end=2026-11-20", "end"),
        ("start=yesterday", "start"),
        ("kind=walk", "kind"),
    ],
)
def test_bad_filters_are_422_naming_the_field(auth, team, query, field):
    auth.login("lee")
    response = auth.get(f"/api/v1/visits?{query}")
    assert response.status_code == 422
    assert field in response.json["errors"]


def test_records_are_not_written_through_this_api(auth, team):
    auth.login("ana")
    response = auth.post("/api/v1/visits", json={"neighborhood_id": team["north"].id})
    assert response.status_code == 405
    assert response.json["error"] == "method_not_allowed"


def test_unknown_record_is_404(auth, team):
    auth.login("lee")
    assert auth.get("/api/v1/mediations/nope").status_code == 404
