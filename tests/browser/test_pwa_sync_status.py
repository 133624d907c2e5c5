"""The status says "Synced" only after the server's answer was read and applied: a lost or
garbled answer is a failure with a retry time, and the retry sends nothing twice."""

from playwright.sync_api import expect

from .pwa_helpers import (
    field_team,
    log_visit,
    server_visits,
    sign_in,
    sync_now,
    wait_until_synced,
)


def test_a_lost_answer_is_reported_as_failed_and_the_retry_sends_the_entry_once(
    page, context, seed, password
):
    team = field_team(seed)
    user = team["user"]
    sign_in(page, user.username, password)
    wait_until_synced(page)

    def reach_server_then_lose_answer(route):
        route.fetch()  # the server applies the push...
        route.abort("connectionreset")  # ...and the phone never hears back

    page.route("**/api/v1/sync/push", reach_server_then_lose_answer)
    log_visit(page, team["neighborhoods"][0], Notes="answer lost")
    message = page.get_by_test_id("sync-message")
    expect(message).to_contain_text("Sync failed: no connection")
    expect(message).to_contain_text("Next try")
    expect(page.get_by_test_id("pending")).to_have_text("Pending: 1")
    assert len(server_visits(seed, user.id)) == 1

    page.unroute("**/api/v1/sync/push")
    garbled = '{"changes": ['
    page.route("**/api/v1/sync/pull*", lambda route: route.fulfill(status=200, body=garbled))
    page.get_by_role("button", name="Sync now").click()
    expect(message).to_contain_text("the answer could not be read")
    expect(page.get_by_test_id("pending")).to_have_text("Pending: 0")

    page.unroute("**/api/v1/sync/pull*")
    sync_now(page)
    assert [v["notes"] for v in server_visits(seed, user.id)] == ["answer lost"]


def test_an_older_protocol_keeps_the_entries_and_offers_the_update(page, context, seed, password):
    team = field_team(seed)
    sign_in(page, team["user"].username, password)
    upgrade = '{"error": "upgrade_required", "message": "Update the app."}'
    page.route("**/api/v1/sync/push", lambda route: route.fulfill(status=409, body=upgrade))
    log_visit(page, team["neighborhoods"][0])
    expect(page.get_by_test_id("sync-message")).to_contain_text("older than the server")
    expect(page.get_by_role("button", name="Update")).to_be_visible()
    expect(page.get_by_test_id("pending")).to_have_text("Pending: 1")


def test_a_scope_reset_drops_pulled_data_keeps_the_outbox_and_pulls_again(
    page, context, seed, password
):
    team = field_team(seed)
    user = team["user"]
    sign_in(page, user.username, password)
    wait_until_synced(page)
    context.set_offline(True)
    log_visit(page, team["neighborhoods"][0], Notes="kept through the reset")
    kept = page.evaluate(
        """async () => {
             const store = await import('/js/store.js');
             const uid = (await store.getMeta('session_user')).id;
             await store.resetPulled(uid);
             return [(await store.listRecords(uid, 'visits')).length,
                     (await store.listRecords(uid, 'neighborhoods')).length,
                     await store.pendingCount(uid)];
           }"""
    )
    assert kept == [1, 0, 1]

    resets = []

    def reset_once(route):
        if resets:
            route.continue_()
        else:
            resets.append(route.request.url)
            route.fulfill(status=200, body='{"reset": true}', content_type="application/json")

    page.route("**/api/v1/sync/pull*", reset_once)
    context.set_offline(False)
    wait_until_synced(page)
    assert len(resets) == 1
    page.get_by_role("button", name="My neighborhoods").click()
    expect(page.get_by_role("heading", name="Assigned to you")).to_be_visible()
    assert [v["notes"] for v in server_visits(seed, user.id)] == ["kept through the reset"]


def test_a_visible_app_syncs_again_every_few_minutes(page, seed, password):
    team = field_team(seed)
    page.clock.install()
    sign_in(page, team["user"].username, password)
    wait_until_synced(page)
    pulls = []
    page.on("request", lambda r: "/api/v1/sync/pull" in r.url and pulls.append(r.url))
    page.clock.fast_forward("02:00")
    page.wait_for_timeout(300)
    assert pulls == []
    page.clock.fast_forward("01:30")  # past the 3-minute timer
    for _ in range(50):
        if pulls:
            break
        page.wait_for_timeout(100)
    assert pulls
