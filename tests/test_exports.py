"""Exports: CSV rows with formula cells defused, GeoJSON coverage, the SQLite book, audit rows."""

import csv
import io

import pytest
import sqlite_utils

from server.extensions import db
from server.models import AuditLog

from .factories import utc

SQUARE = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}


@pytest.fixture
def book(make):
    team = make.team(name="Eastside")
    lead = make.user("lead", team=team, username="lead")
    ana = make.user(team=team, display_name="Ana")
    bo = make.user(team=team, display_name="Bo")
    a = make.neighborhood(team, name="A", code="A1", target_visits_per_week=7, geometry=SQUARE)
    b = make.neighborhood(team, name="B", code="B1")
    stranger = make.neighborhood(make.team(org=team.organization))
    v = {
        "formula": make.visit(ana, a, utc(2026, 11, 2, 18), notes='=HYPERLINK("x")'),
        "plus": make.visit(ana, a, utc(2026, 11, 3, 1), notes="+1 went to hospital"),
        "minus": make.visit(bo, b, utc(2026, 11, 4, 12), notes="-check"),
        "at": make.visit(bo, a, utc(2026, 11, 5, 12), notes="@everyone", location_lon=-87.6),
        "early": make.visit(ana, a, utc(2026, 10, 20, 12), notes="before the range"),
    }
    make.visit(ana, a, utc(2026, 11, 2, 19), deleted=True, notes="deleted")
    make.visit(make.user(), stranger, utc(2026, 11, 2, 19), notes="another team")
    m = make.mediation(ana, a, utc(2026, 11, 3, 12), notes="hospital hallway", risk_level="high")
    return dict(team=team, lead=lead, ana=ana, bo=bo, a=a, b=b, visits=v, mediation=m)


def _csv(response):
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def _audits():
    return db.session.execute(db.select(AuditLog).order_by(AuditLog.id)).scalars().all()


def test_visits_csv_has_a_header_local_times_and_defused_formula_cells(auth, book):
    auth.login("lead")
    response = auth.get("/api/v1/exports/visits.csv?start=2026-11-01&end=2026-11-30")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    disposition = response.headers["Content-Disposition"]
    assert disposition == 'attachment; filename="fieldbook-visits-2026-11-01-2026-11-30.csv"'
    rows = _csv(response)
    v = book["visits"]
    assert [r["id"] for r in rows] == [v[k].id for k in ("formula", "plus", "minus", "at")]
    assert [r["notes"] for r in rows] == [
        '\'=HYPERLINK("x")',
        "'+1 went to hospital",
        "'-check",
        "'@everyone",
    ]
    first = rows[0]
    assert first["started_at"] == "2026-11-02T12:00:00-06:00"
    assert (first["neighborhood"], first["worker"], first["kind"]) == (
        "A",
        "Ana",
        "street_presence",
    )
    assert rows[3]["location_lon"] == "-87.6"  # a number, not a formula: left alone
    (entry,) = _audits()
    assert (entry.user_id, entry.action, entry.rows) == (book["lead"].id, "export.visits.csv", 4)
    assert entry.detail == {"start": "2026-11-01", "end": "2026-11-30", "team_id": book["team"].id}


def test_visits_csv_filters_by_neighborhood_and_worker(auth, book):
    auth.login("lead")
    url = f"/api/v1/exports/visits.csv?neighborhood_id={book['a'].id}&worker_id={book['ana'].id}"
    rows = _csv(auth.get(url))
    v = book["visits"]
    assert [r["id"] for r in rows] == [v["early"].id, v["formula"].id, v["plus"].id]
    assert _audits()[0].detail["worker_id"] == book["ana"].id


def test_mediations_csv(auth, book):
    auth.login("lead")
    response = auth.get("/api/v1/exports/mediations.csv?start=2026-11-01&end=2026-11-30")
    (row,) = _csv(response)
    assert row["id"] == book["mediation"].id
    assert (row["risk_level"], row["occurred_at"]) == ("high", "2026-11-03T06:00:00-06:00")
    assert "follow_up_due" in row and row["notes"] == "hospital hallway"
    assert _audits()[0].action == "export.mediations.csv"


def test_neighborhoods_geojson_carries_coverage_figures(auth, book):
    auth.login("lead")
    response = auth.get("/api/v1/exports/neighborhoods.geojson?start=2026-11-01&end=2026-11-07")
    assert response.status_code == 200
    assert response.mimetype == "application/geo+json"
    assert "neighborhoods-2026-11-01-2026-11-07.geojson" in response.headers["Content-Disposition"]
    body = response.get_json()
    assert body["type"] == "FeatureCollection"
    a, b = body["features"]
    assert a["geometry"] == SQUARE and b["geometry"] is None
    props = a["properties"]
    assert (props["name"], props["visits"], props["mediations"]) == ("A", 3, 1)
    assert props["target_visits"] == 7 and props["coverage_ratio"] == pytest.approx(3 / 7)
    assert props["night_visits"] == 1  # 12:00, 19:00 and 06:00 CST: only 19:00 is night
    assert b["properties"]["visits"] == 1
    (entry,) = _audits()
    assert (entry.action, entry.rows) == ("export.neighborhoods.geojson", 2)


def test_sqlite_book_has_tables_foreign_keys_and_full_text_search(auth, book, tmp_path):
    auth.login("lead")
    response = auth.get("/api/v1/exports/fieldbook.sqlite?start=2026-11-01&end=2026-11-30")
    assert response.status_code == 200
    assert (
        'filename="fieldbook-book-2026-11-01-2026-11-30.sqlite"'
        in (response.headers["Content-Disposition"])
    )
    path = tmp_path / "book.sqlite"
    path.write_bytes(response.data)
    exported = sqlite_utils.Database(path)
    try:
        names = set(exported.table_names())
        assert {"teams", "workers", "neighborhoods", "visits", "mediations"} <= names
        assert exported["workers"].columns_dict == {"id": str, "display_name": str}
        assert {(fk.column, fk.other_table) for fk in exported["visits"].foreign_keys} == {
            ("team_id", "teams"),
            ("neighborhood_id", "neighborhoods"),
            ("worker_id", "workers"),
        }
        assert exported["visits"].count == 4 and exported["mediations"].count == 1
        hits = [r["id"] for r in exported["visits"].search("hospital")]
        assert hits == [book["visits"]["plus"].id]
        assert [r["notes"] for r in exported["mediations"].search("hallway")] == [
            "hospital hallway"
        ]
        assert exported.execute("PRAGMA foreign_key_check").fetchall() == []
        (team,) = exported["teams"].rows
        assert team == {"id": book["team"].id, "name": "Eastside"}
    finally:
        exported.close()
    (entry,) = _audits()
    assert (entry.action, entry.rows) == ("export.fieldbook.sqlite", 5)
    assert entry.detail["tables"]["workers"] == 3


EXPORTS = [
    "visits.csv",
    "mediations.csv",
    "neighborhoods.geojson?start=2026-11-01&end=2026-11-07",
    "fieldbook.sqlite",
]


@pytest.mark.parametrize(
    ("who", "export"),
    list(
        zip(
            ["worker", "lead of another team", "admin of another org", "worker"],
            EXPORTS,
            strict=True,
        )
    ),
)
def test_refused_exports_are_403_and_leave_no_audit_row(auth, make, book, who, export):
    if who == "worker":
        make.user(team=book["team"], username="someone")
    elif who == "lead of another team":
        make.user("lead", team=make.team(org=book["team"].organization), username="someone")
    else:
        make.user("admin", username="someone")
    auth.login("someone")
    sep = "&" if "?" in export else "?"
    response = auth.get(f"/api/v1/exports/{export}{sep}team_id={book['team'].id}")
    assert response.status_code == 403
    assert _audits() == []


def test_admin_exports_a_team_of_their_org(auth, make, book):
    make.user("admin", team=make.team(org=book["team"].organization), username="boss")
    auth.login("boss")
    response = auth.get(f"/api/v1/exports/visits.csv?team_id={book['team'].id}")
    assert response.status_code == 200
    assert len(_csv(response)) == 5
