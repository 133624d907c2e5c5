"""The status says "Synced" only after the server's answer was read and applied: a lost or
garbled answer is a failure with a retry time, and the retry sends nothing twice."""

from playwright.sync_api import expect

from .pwa_helpers import field_team, log_visit, server_visits, sign_in, sync_now


def test_a_lost_answer_is_reported_as_failed_and_the_retry_sends_the_entry_once(
    page, context, seed, password
):
    team = field_team(seed)
    user = team["user"]
    sign_in(page, user.username, password)

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
