"""A new version of the app is offered with an `Update` button, and never reloads the page
while an entry is being written."""

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.live_server import LiveServer

from .pwa_helpers import field_team, sign_in, wait_for_service_worker, wait_until_synced

CLIENT = Path(__file__).resolve().parents[2] / "client_web"


@pytest.fixture
def app_copy(tmp_path, live_database):
    """A server of its own (another origin, so another service worker) over a copy of the app."""
    copy = tmp_path / "client_web"
    shutil.copytree(CLIENT, copy, ignore=shutil.ignore_patterns("__pycache__"))
    with LiveServer(live_database, env={"FIELDBOOK_CLIENT_DIR": str(copy)}) as server:
        yield server, copy


def test_a_new_version_is_offered_and_waits_for_the_entry_to_be_saved(
    page, seed, password, app_copy
):
    server, copy = app_copy
    team = field_team(seed)
    sign_in(page, team["user"].username, password, start=server.url + "/")
    wait_until_synced(page)
    wait_for_service_worker(page)

    page.get_by_role("button", name="Log visit").click()
    page.get_by_label("Notes").fill("half written")
    [before] = page.evaluate("caches.keys()")
    css = copy / "css" / "app.css"
    css.write_text(css.read_text() + "\n/* the next version */\n")
    page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")

    expect(page.get_by_text("A new version of Fieldbook is ready.")).to_be_visible()
    page.get_by_role("button", name="Update").click()
    expect(page.get_by_text("Save or leave the entry first")).to_be_visible()
    expect(page.get_by_label("Notes")).to_have_value("half written")

    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Visit saved on this phone")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="Update").click()
    # The old shell's cache is removed when the new worker activates.
    for _ in range(50):
        after = page.evaluate("caches.keys()")
        if len(after) == 1 and after != [before]:
            break
        page.wait_for_timeout(100)
    assert len(after) == 1 and after != [before]
    assert before.startswith("fieldbook-shell-") and after[0].startswith("fieldbook-shell-")
    expect(page.get_by_text("A new version of Fieldbook is ready.")).to_be_hidden()
    page.get_by_role("button", name="My entries").click()
    expect(page.get_by_role("listitem")).to_have_count(1)
