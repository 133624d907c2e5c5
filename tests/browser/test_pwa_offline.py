"""The PWA works with no network: entries logged offline survive a reload and a new tab, and
reach the server exactly once when the network is back."""

import json
from pathlib import Path

from playwright.sync_api import expect

from .pwa_helpers import (
    field_team,
    log_mediation,
    log_visit,
    server_mediations,
    server_visits,
    sign_in,
    sync_now,
    wait_for_service_worker,
    wait_until_synced,
)


def test_entries_logged_offline_survive_reload_and_reach_the_server_once(
    page, context, seed, password
):
    team = field_team(seed)
    user, (home, other) = team["user"], team["neighborhoods"]
    sign_in(page, user.username, password)
    wait_until_synced(page)
    wait_for_service_worker(page)

    context.set_offline(True)
    log_visit(page, home, Notes="Corner of 5th, quiet night")
    log_visit(page, other)
    log_mediation(page, home, notes="Two groups, code A12")
    expect(page.get_by_test_id("pending")).to_have_text("Pending: 3")
    page.get_by_role("button", name="Home").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Save unsent entries as a file").click()
    saved = json.loads(Path(download.value.path()).read_text())
    assert [m["collection"] for m in saved["outbox"]] == ["visits", "visits", "mediations"]
    assert saved["user_id"] == user.id and len(saved["records"]) == 3

    page.reload()
    expect(page.get_by_text("Offline", exact=True)).to_be_visible()
    expect(page.get_by_test_id("pending")).to_have_text("Pending: 3")
    page.get_by_role("button", name="My entries").click()
    expect(page.get_by_role("listitem")).to_have_count(3)

    second = context.new_page()
    second.goto("/")
    expect(second.get_by_test_id("pending")).to_have_text("Pending: 3")

    context.set_offline(False)
    wait_until_synced(page)
    sync_now(second)
    visits = server_visits(seed, user.id)
    assert sorted(v["notes"] for v in visits) == ["", "Corner of 5th, quiet night"]
    assert {v["neighborhood_id"] for v in visits} == {home.id, other.id}
    assert [m["notes"] for m in server_mediations(seed, user.id)] == ["Two groups, code A12"]


def test_an_entry_created_then_edited_twice_offline_arrives_with_every_edit(
    page, context, seed, password
):
    team = field_team(seed)
    user = team["user"]
    sign_in(page, user.username, password)
    wait_until_synced(page)
    context.set_offline(True)
    log_visit(page, team["neighborhoods"][0], Notes="first")
    for notes, minutes in (("second", "40"), ("third", "50")):
        page.get_by_role("button", name="My entries").click()
        page.get_by_role("listitem").get_by_role("button").click()
        page.get_by_label("Notes").fill(notes)
        page.get_by_label("Duration (minutes)").fill(minutes)
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text("Visit saved on this phone")).to_be_visible()
    expect(page.get_by_test_id("pending")).to_have_text("Pending: 3")
    context.set_offline(False)
    wait_until_synced(page)
    [visit] = server_visits(seed, user.id)
    assert (visit["notes"], visit["duration_minutes"], visit["rev"]) == ("third", 50, 3)
    assert visit["needs_review"] is False
