"""Sessions on a phone: an expired session keeps the queue, a shared phone keeps each user's
entries to that user, one tab syncs at a time, and leads get the team screens."""

from urllib.parse import urlparse

from playwright.sync_api import expect

from server.extensions import db
from server.models import User

from .pwa_helpers import (
    field_team,
    log_visit,
    publish,
    server_visits,
    sign_in,
    sign_out,
    sync_now,
    wait_for_service_worker,
    wait_until_synced,
)

# Everything IndexedDB holds, as plain data: what a person holding the phone could read.
_READ_DB = """() => new Promise((resolve, reject) => {
  const open = indexedDB.open('fieldbook');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const names = ['records', 'outbox', 'rejected', 'meta'];
    const tx = open.result.transaction(names, 'readonly');
    const out = {};
    for (const n of names) {
      tx.objectStore(n).getAll().onsuccess = (e) => { out[n] = e.target.result; };
    }
    tx.oncomplete = () => { open.result.close(); resolve(out); };
  };
})"""


def _stored(page, user_id):
    """The user's records by collection, outbox, and meta (by key) on the phone."""
    stored = page.evaluate(_READ_DB)
    records = {}
    for r in stored["records"]:
        if r["user_id"] == user_id:
            records.setdefault(r["collection"], []).append(r)
    outbox = [m for m in stored["outbox"] if m["user_id"] == user_id]
    return records, outbox, {m["key"]: m["value"] for m in stored["meta"]}


def _end_sessions(seed, user_id):
    def bump(make):
        user = db.session.get(User, user_id)
        user.session_version += 1
        db.session.commit()

    seed(bump)


def test_a_session_that_expired_offline_keeps_the_queue_until_signed_in_again(
    page, context, seed, password
):
    team = field_team(seed)
    user, home = team["user"], team["neighborhoods"][0]
    sign_in(page, user.username, password)
    wait_until_synced(page)

    context.set_offline(True)
    log_visit(page, home, Notes="queued while the session ended")
    _end_sessions(seed, user.id)
    context.set_offline(False)

    expect(page.get_by_text("Your session ended").first).to_be_visible()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    assert server_visits(seed, user.id) == []

    # Far from a signal, the worker goes on logging before signing in again.
    page.get_by_role("button", name="Keep working offline").click()
    log_visit(page, home, Notes="logged after the session ended")
    expect(page.get_by_test_id("sync-message")).to_contain_text("Your session ended")
    page.get_by_role("button", name="Sync now").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    wait_until_synced(page)
    assert sorted(v["notes"] for v in server_visits(seed, user.id)) == [
        "logged after the session ended",
        "queued while the session ended",
    ]


def test_a_shared_phone_never_shows_one_users_entries_to_the_next(page, context, seed, password):
    first = field_team(seed)
    home = first["neighborhoods"][0]
    second = seed(lambda make: make.user(team=first["team"]))

    sign_in(page, first["user"].username, password)
    wait_until_synced(page)
    wait_for_service_worker(page)
    context.set_offline(True)
    log_visit(page, home, Notes="first user's words")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have 1 unsent entry")).to_be_visible()
    page.get_by_role("button", name="Sign out anyway").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    context.set_offline(False)

    sign_in(page, second.username, password)
    wait_until_synced(page)
    page.get_by_role("button", name="My entries").click()
    expect(page.get_by_text("No entries on this phone yet.")).to_be_visible()
    expect(page.get_by_text("first user's words")).to_have_count(0)
    assert server_visits(seed, first["user"].id) == []
    sign_out(page)

    sign_in(page, first["user"].username, password)
    wait_until_synced(page)
    assert [v["notes"] for v in server_visits(seed, first["user"].id)] == ["first user's words"]


def test_one_tab_syncs_at_a_time(page, context, seed, password):
    team = field_team(seed)
    sign_in(page, team["user"].username, password)
    wait_until_synced(page)
    other = context.new_page()
    other.goto("/")
    wait_until_synced(other)

    sent = []
    other.on("request", lambda r: "/api/v1/sync/" in r.url and sent.append(r.url))
    # The first tab holds the sync lock, as it does for the whole of a sync.
    page.evaluate(
        """() => new Promise((locked) => navigator.locks.request('fieldbook-sync',
             () => new Promise((release) => { window.releaseSync = release; locked(); })))"""
    )
    other.get_by_role("button", name="Sync now").click()
    expect(other.get_by_test_id("sync-message")).to_have_text("Another tab is syncing right now.")
    assert sent == []
    page.evaluate("window.releaseSync()")
    sync_now(other)
    assert sent


def test_leads_get_team_coverage_and_workers_do_not(page, seed, password):
    worker = field_team(seed)["user"]
    lead = field_team(seed, role="lead")["user"]
    sign_in(page, worker.username, password)
    expect(page.get_by_role("button", name="Team coverage")).to_have_count(0)
    sign_out(page)

    sign_in(page, lead.username, password)
    page.get_by_role("button", name="Team coverage").click()
    loaded = page.get_by_text("Team screens not available").or_(
        page.locator(".lead-root").get_by_role("heading").first
    )
    expect(loaded).to_be_visible()
    assert urlparse(page.url).fragment == "/team"


def test_a_session_ending_while_an_entry_is_written_keeps_the_form(page, seed, password):
    team = field_team(seed)
    user = team["user"]
    sign_in(page, user.username, password)
    wait_until_synced(page)
    page.get_by_role("button", name="Log visit").click()
    page.get_by_label("Notes").fill("typed before the refusal")
    _end_sessions(seed, user.id)
    page.get_by_role("button", name="Sync now").click()
    expect(page.get_by_test_id("sync-message")).to_contain_text("Your session ended")
    expect(page.get_by_label("Notes")).to_have_value("typed before the refusal")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("pending")).to_have_text("Pending: 1")


def test_signing_out_drops_pulled_team_data_and_keeps_unsent_entries(page, context, seed, password):
    team = field_team(seed, role="lead")
    lead, home = team["user"], team["neighborhoods"][0]

    def teammate_entries(make):
        worker = make.user(team=team["team"])
        visit = make.visit(worker, home, notes="teammate's private words")
        mediation = make.mediation(worker, home, notes="teammate's mediation notes")
        publish(worker, visit, mediation)
        return worker

    teammate = seed(teammate_entries)
    sign_in(page, lead.username, password)
    wait_until_synced(page)
    records, _, meta = _stored(page, lead.id)
    pulled = {c: {r["id"] for r in rs} for c, rs in records.items()}
    assert teammate.id in pulled["users"] and home.id in pulled["neighborhoods"]
    assert [r["data"]["notes"] for r in records["visits"]] == ["teammate's private words"]
    assert len(records["mediations"]) == 1 and meta[f"cursor:{lead.id}"]

    # The team screen keeps the last report for offline viewing: a cached screen of theirs.
    page.get_by_role("button", name="Team coverage").click()
    cached = f"fieldbook-lead:v1:{lead.id}"
    expect(page.locator(".lead-root").get_by_role("heading").first).to_be_visible()
    for _ in range(50):
        if page.evaluate("(k) => localStorage.getItem(k) !== null", cached):
            break
        page.wait_for_timeout(100)
    else:
        raise AssertionError("the team report was never cached")

    context.set_offline(True)
    log_visit(page, home, Notes="lead's unsent visit")
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("button", name="Sign out anyway").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()

    records, outbox, meta = _stored(page, lead.id)
    assert [m["data"]["notes"] for m in outbox] == ["lead's unsent visit"]
    assert list(records) == ["visits"]
    assert [(r["id"], r["data"]["notes"]) for r in records["visits"]] == [
        (outbox[0]["record_id"], "lead's unsent visit")
    ]
    assert f"cursor:{lead.id}" not in meta
    assert page.evaluate("(k) => localStorage.getItem(k)", cached) is None

    context.set_offline(False)
    sign_in(page, lead.username, password)
    wait_until_synced(page)
    assert [v["notes"] for v in server_visits(seed, lead.id)] == ["lead's unsent visit"]
    records, outbox, meta = _stored(page, lead.id)
    assert outbox == [] and meta[f"cursor:{lead.id}"]
    assert teammate.id in {r["id"] for r in records["users"]}
    assert home.id in {r["id"] for r in records["neighborhoods"]}
    assert len(records["mediations"]) == 1
    assert sorted(r["data"]["notes"] for r in records["visits"]) == [
        "lead's unsent visit",
        "teammate's private words",
    ]
