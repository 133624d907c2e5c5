"""The team lead's dashboard in real Chromium: map, figures, sorting, offline copy, accessibility.

A lead signs in through the app's form and opens ``Team coverage``; the report comes from the real
reports API over a team seeded with outlines and visits in one fixed week (local dates in the
server's ``America/Chicago``; every visit at local noon, far from any day boundary, but one: Sunday
23:30 local, Monday in UTC, which the figures count as a weekend visit).
"""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.pwa_helpers import wait_for_service_worker, wait_until_synced
from tests.factories import utc

START, END = "2026-11-16", "2026-11-22"


def square(lon, lat, size=0.01):
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def two_squares(lon, lat):
    """A MultiPolygon: one neighborhood, one path with two shapes."""
    return {
        "type": "MultiPolygon",
        "coordinates": [square(lon, lat)["coordinates"], square(lon + 0.02, lat)["coordinates"]],
    }


@pytest.fixture
def lead(seed):
    """A lead and a team of four neighborhoods: met, under half, half, and no target."""

    def build(make):
        team = make.team()
        lead = make.user("lead", team=team)
        worker = make.user("worker", team=team)

        def hood(name, geometry, target):
            return make.neighborhood(
                team=team, name=name, geometry=geometry, target_visits_per_week=target
            )

        north = hood("Northside", square(-87.65, 41.87), 2)
        river = hood("Riverside", square(-87.64, 41.85), 4)
        east = hood("Eastgate", two_squares(-87.62, 41.86), 2)
        hood("Parkview", square(-87.66, 41.84), 0)
        # Wed and Sat noon, and Sun 23:30 CST (Mon 05:30 UTC): three visits, two on the weekend.
        for started_at in (utc(2026, 11, 18, 18, 0), utc(2026, 11, 21, 18, 0)):
            make.visit(worker, north, started_at=started_at)
        make.visit(worker, north, started_at=utc(2026, 11, 23, 5, 30))
        make.visit(worker, river, started_at=utc(2026, 11, 17, 18, 0))
        make.visit(worker, east, started_at=utc(2026, 11, 19, 18, 0))
        make.mediation(
            worker,
            river,
            occurred_at=utc(2026, 11, 18, 18, 0),
            risk_level="high",
            outcome="ongoing",
        )
        # Outside the range: counts for "last visit" history only, never in the week's figures.
        make.visit(worker, river, started_at=utc(2026, 11, 10, 18, 0))
        return lead

    return seed(build)


def sign_in_and_open(page, user, password):
    page.goto("/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    # The app redraws its screen when the first sync brings data: let that pass first.
    wait_until_synced(page)
    page.get_by_role("button", name="Team coverage").click()
    expect(page.get_by_role("heading", name="Team coverage")).to_be_visible()
    expect(page.locator(".lead-asof")).to_contain_text(", as of ")


def show_range(page):
    page.get_by_label("Start", exact=True).fill(START)
    page.get_by_label("End", exact=True).fill(END)
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page.locator(".lead-asof")).to_contain_text(f"Report for {START} to {END}, as of")


def figure(panel, term):
    return panel.locator(f"dt:text-is('{term}') + dd")


def row_names(page):
    return page.get_by_role("region", name="Neighborhoods table").locator("tbody th")


def test_map_draws_each_neighborhood_and_shows_its_figures(page, lead, password):
    sign_in_and_open(page, lead, password)
    show_range(page)
    shapes = page.locator("svg.lead-map-svg path")
    expect(shapes).to_have_count(4)
    north = page.get_by_role("button", name="Northside: 150%").bounding_box()
    river = page.get_by_role("button", name="Riverside: 25%").bounding_box()
    # North is up and east is right; a square of 0.01 degrees keeps the shape the ground has:
    # a degree of longitude is cos(latitude) of a degree of latitude (about 0.745 here).
    assert north["y"] < river["y"] and north["x"] < river["x"]
    assert river["width"] / river["height"] == pytest.approx(0.745, abs=0.04)

    page.get_by_role("button", name="Northside: 150%").click()
    panel = page.get_by_role("region", name="Neighborhood figures")
    expect(panel.get_by_role("heading", name="Northside")).to_be_visible()
    expect(figure(panel, "Visits")).to_have_text("3")
    expect(figure(panel, "Coverage")).to_have_text("150%")
    expect(figure(panel, "Night visits")).to_have_text("1")
    expect(figure(panel, "Weekend visits")).to_have_text("2")
    summary = page.get_by_label("Team totals")
    expect(figure(summary, "Weekend visits")).to_have_text("2")

    # By keyboard too: focus a shape and press Enter.
    page.get_by_role("button", name="Riverside: 25%").focus()
    page.keyboard.press("Enter")
    expect(panel.get_by_role("heading", name="Riverside")).to_be_visible()
    expect(figure(panel, "Visits")).to_have_text("1")
    expect(page.get_by_role("button", name="Parkview: no target")).to_have_class(
        "lead-shape lead-band-none"
    )


def test_range_starts_as_this_week_from_monday_and_offers_the_last_four_weeks(page, lead, password):
    monday = date.today() - timedelta(days=date.today().weekday())
    sign_in_and_open(page, lead, password)
    expect(page.get_by_role("button", name="This week")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_label("Start", exact=True)).to_have_value(monday.isoformat())
    expect(page.get_by_label("End", exact=True)).to_have_value(str(monday + timedelta(days=6)))

    page.get_by_role("button", name="Last 4 weeks").click()
    expect(page.get_by_label("Start", exact=True)).to_have_value(str(monday - timedelta(days=21)))
    expect(page.locator(".lead-asof")).to_contain_text(
        f"Report for {monday - timedelta(days=21)} to {monday + timedelta(days=6)}, as of"
    )
    expect(page.get_by_role("button", name="Last 4 weeks")).to_be_focused()


def test_neighborhoods_sort_by_coverage_weekends_and_days_since_last_visit(page, lead, password):
    sign_in_and_open(page, lead, password)
    show_range(page)
    names = row_names(page)
    coverage = page.get_by_role("button", name="Coverage", exact=True)

    coverage.click()
    expect(names).to_have_text(["Riverside", "Eastgate", "Northside", "Parkview"])
    coverage.click()
    expect(names).to_have_text(["Northside", "Eastgate", "Riverside", "Parkview"])
    page.get_by_role("button", name="Days since last visit").click()
    expect(names).to_have_text(["Parkview", "Riverside", "Eastgate", "Northside"])
    # Fewest weekend visits first (ties by name), then most first.
    weekend = page.get_by_role("button", name="Weekend visits", exact=True)
    weekend.click()
    expect(names).to_have_text(["Eastgate", "Parkview", "Riverside", "Northside"])
    weekend.click()
    expect(names).to_have_text(["Northside", "Eastgate", "Parkview", "Riverside"])


def test_mediations_count_by_risk_and_outcome_and_list_overdue_follow_ups(page, lead, password):
    sign_in_and_open(page, lead, password)
    show_range(page)
    table = page.get_by_role("region", name="Mediations by risk and outcome")
    high = table.get_by_role("row", name=re.compile("^High"))
    expect(high.get_by_role("cell")).to_have_text(["0", "0", "1", "0", "0", "1"])
    # Due 72 hours after it happened, still ongoing, long past: overdue.
    overdue = page.locator(".lead-overdue")
    expect(overdue).to_have_count(1)
    expect(overdue).to_contain_text("Riverside")
    expect(overdue).to_contain_text("High risk, ongoing")


def test_offline_reopen_shows_the_cached_report_with_its_time(page, context, lead, password):
    sign_in_and_open(page, lead, password)
    # The service worker has the shell and the lead's files before the network goes away.
    wait_for_service_worker(page)
    show_range(page)
    saved_at = page.locator(".lead-asof time").get_attribute("datetime")

    context.set_offline(True)
    page.reload()
    page.get_by_role("button", name="Team coverage").click()
    status = page.locator(".lead-asof")
    expect(status).to_contain_text("Offline: showing the last saved report.")
    expect(status).to_contain_text(f"Report for {START} to {END}, as of")
    expect(status.locator("time")).to_have_attribute("datetime", saved_at)
    expect(page.locator("svg.lead-map-svg path")).to_have_count(4)
    page.get_by_role("button", name="Northside: 150%").click()
    expect(figure(page.get_by_role("region", name="Neighborhood figures"), "Visits")).to_have_text(
        "3"
    )


def test_dashboard_is_accessible_and_its_export_links_download(page, lead, password):
    sign_in_and_open(page, lead, password)
    show_range(page)
    page.get_by_role("button", name="Northside: 150%").click()
    results = Axe().run(page)
    serious = [
        f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []

    links = page.get_by_role("region", name="Exports").get_by_role("link")
    expect(links).to_have_count(4)
    for href in links.evaluate_all("links => links.map((a) => a.getAttribute('href'))"):
        assert f"start={START}&end={END}" in href
        assert page.request.get(href).status == 200, href


def test_lead_adds_a_note_to_a_conflict_and_marks_it_reviewed(page, seed, password):
    def build(make):
        team = make.team()
        lead = make.user("lead", team=team)
        worker = make.user("worker", team=team, display_name="Messenger Ray")
        hood = make.neighborhood(team=team, name="Westfield", geometry=square(-87.7, 41.9))
        make.visit(worker, hood, needs_review=True, notes="Met T-17 at the court.")
        return lead

    lead = seed(build)
    sign_in_and_open(page, lead, password)
    item = page.locator(".lead-conflict")
    expect(item.get_by_role("heading")).to_have_text(
        re.compile("^Visit in Westfield by Messenger Ray")
    )

    item.get_by_label("Note", exact=True).fill("Asked Ray which duration is right.")
    item.get_by_role("button", name="Add note").click()
    expect(item.get_by_role("status")).to_have_text("Note added.")
    expect(item.locator(".lead-notes")).to_contain_text("Asked Ray which duration is right.")

    item.get_by_role("button", name="Mark reviewed").click()
    expect(item.get_by_role("status")).to_have_text("Marked reviewed.")
    expect(item.get_by_role("button", name="Mark reviewed")).to_be_disabled()
    # The flag is cleared on the server: a fresh report has nothing left to review.
    page.get_by_role("button", name="This week").click()
    expect(page.locator(".lead-conflicts")).to_contain_text("Nothing to review.")


def test_admin_picks_which_team_of_the_organization_to_review(page, seed, password):
    def build(make):
        org = make.org()
        home, other = make.team(org=org), make.team(org=org)
        admin = make.user("admin", team=home)
        make.neighborhood(team=home, name="Harbor", geometry=square(-87.6, 41.8))
        make.neighborhood(team=other, name="Hillcrest", geometry=square(-87.7, 41.9))
        make.neighborhood(team=other, name="Lakeview", geometry=square(-87.68, 41.9))
        return admin, other

    admin, other = seed(build)
    sign_in_and_open(page, admin, password)
    expect(row_names(page)).to_have_text(["Harbor"])
    page.get_by_label("Team", exact=True).select_option(other.id)
    expect(row_names(page)).to_have_text(["Hillcrest", "Lakeview"])
    expect(page.locator("svg.lead-map-svg path")).to_have_count(2)


def test_precache_list_names_every_lead_file():
    """The service worker precaches what this list names: a file left out breaks offline use."""
    root = Path(__file__).resolve().parents[2] / "client_web"
    text = (root / "js" / "lead" / "precache-list.js").read_text()
    listed = set(re.findall(r"'(/[^']+)'", text))
    files = {"/" + p.relative_to(root).as_posix() for p in (root / "js" / "lead").glob("*.js")}
    expected = (files - {"/js/lead/precache-list.js"}) | {"/css/lead.css"}
    assert listed == expected
