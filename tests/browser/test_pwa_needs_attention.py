"""Edits made offline reach the server; a conflict and a rejected entry show under
"Needs attention", where the rejected one is fixed and sent, or discarded on request."""

import uuid

from playwright.sync_api import expect

from server.changes import stamp
from server.extensions import db
from server.models import Neighborhood

from .pwa_helpers import (
    OtherDevice,
    field_team,
    log_visit,
    option,
    server_visits,
    sign_in,
    sync_now,
    wait_until_synced,
)


def test_an_edit_and_a_delete_made_offline_are_sent(page, context, seed, password):
    team = field_team(seed)
    user, home = team["user"], team["neighborhoods"][0]
    sign_in(page, user.username, password)
    log_visit(page, home)
    wait_until_synced(page)

    context.set_offline(True)
    page.get_by_role("button", name="My entries").click()
    page.get_by_role("listitem").get_by_role("button").click()
    expect(page.get_by_role("heading", name="Edit visit")).to_be_visible()
    page.get_by_label("Duration (minutes)").fill("75")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("pending")).to_have_text("Pending: 1")
    context.set_offline(False)
    wait_until_synced(page)

    [visit] = server_visits(seed, user.id)
    assert (visit["duration_minutes"], visit["rev"]) == (75, 2)

    context.set_offline(True)
    page.get_by_role("button", name="My entries").click()
    page.get_by_role("listitem").get_by_role("button").click()
    page.get_by_role("button", name="Delete").click()
    page.get_by_role("button", name="Yes, delete").click()
    expect(page.get_by_text("No entries on this phone yet.")).to_be_visible()
    context.set_offline(False)
    wait_until_synced(page)
    [visit] = server_visits(seed, user.id)
    assert visit["deleted"] is True


def test_a_conflict_is_flagged_for_review_under_needs_attention(
    page, context, seed, password, base_url
):
    team = field_team(seed)
    user, home = team["user"], team["neighborhoods"][0]
    sign_in(page, user.username, password)
    log_visit(page, home, Notes="first words")
    wait_until_synced(page)
    [visit] = server_visits(seed, user.id)

    context.set_offline(True)
    other = OtherDevice(base_url, user.username, password)
    results = other.push(
        {
            "mutation_id": str(uuid.uuid4()),
            "collection": "visits",
            "record_id": visit["id"],
            "op": "upsert",
            "base_rev": 1,
            "edited_at": "2020-01-01T00:00:00+00:00",
            "data": {"notes": "from the other phone"},
        }
    )
    other.close()
    assert results[0]["status"] == "applied"

    page.get_by_role("button", name="My entries").click()
    page.get_by_role("listitem").get_by_role("button").click()
    page.get_by_label("Notes").fill("from this phone, later")
    page.get_by_role("button", name="Save").click()
    context.set_offline(False)
    wait_until_synced(page)

    page.get_by_role("button", name="Needs attention").click()
    flagged = page.get_by_role("listitem").filter(has_text="flagged for review")
    expect(flagged).to_have_count(1)
    [visit] = server_visits(seed, user.id)
    assert visit["needs_review"] is True
    assert visit["notes"] == "from this phone, later"


def _move_to_another_team(seed, neighborhood_id):
    def move(make):
        other = make.team()
        hood = db.session.get(Neighborhood, neighborhood_id)
        hood.team_id, hood.organization_id = other.id, other.organization_id
        stamp(hood)
        db.session.commit()

    seed(move)


def test_a_rejected_entry_is_shown_then_fixed_or_discarded(page, context, seed, password):
    team = field_team(seed, neighborhoods=3)
    user, (home, gone, spare) = team["user"], team["neighborhoods"]
    sign_in(page, user.username, password)
    wait_until_synced(page)

    # While the worker is offline, an admin moves a neighborhood to another team.
    context.set_offline(True)
    _move_to_another_team(seed, gone.id)
    log_visit(page, gone, Notes="to be fixed")
    log_visit(page, gone, Notes="to be discarded")
    context.set_offline(False)
    sync_now_expecting_attention(page)

    page.get_by_role("button", name="Needs attention").click()
    rejected = page.get_by_role("listitem").filter(has=page.get_by_role("button", name="Fix"))
    expect(rejected).to_have_count(2)
    rejected.first.get_by_role("button", name="Fix").click()
    expect(page.get_by_text("The server did not accept this entry")).to_be_visible()
    page.get_by_label("Neighborhood").select_option(label=option(spare))
    page.get_by_role("button", name="Save").click()
    wait_until_synced(page)

    page.get_by_role("button", name="Needs attention").click()
    page.get_by_role("button", name="Discard").click()
    page.get_by_role("button", name="Yes, discard").click()
    expect(page.get_by_text("Nothing rejected.")).to_be_visible()
    sync_now(page)

    visits = server_visits(seed, user.id)
    assert [(v["notes"], v["neighborhood_id"]) for v in visits] in (
        [("to be fixed", spare.id)],
        [("to be discarded", spare.id)],
    )
    assert home.id != spare.id


def sync_now_expecting_attention(page):
    expect(page.get_by_test_id("sync-message")).to_contain_text("need your attention")
