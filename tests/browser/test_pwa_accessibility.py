"""Every screen passes axe with no serious or critical violation, fits a 320 px wide screen
without horizontal scrolling, and loads nothing from another origin."""

from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .pwa_helpers import field_team, log_visit, sign_in, wait_until_synced

SCREENS = [
    ("Home", "Hello"),
    ("Log visit", "Log visit"),
    ("Log mediation", "Log mediation"),
    ("My entries", "My entries"),
    ("My neighborhoods", "My neighborhoods"),
    ("Needs attention", "Needs attention"),
    ("Settings", "Settings"),
]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 320, "height": 640}}


def _check(page, axe, name, problems):
    serious = [
        f"{name}: {v['id']} ({v['impact']}) {[n['target'] for n in v['nodes']][:3]}"
        for v in axe.run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    problems.extend(serious)
    width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    if width[0] > width[1]:
        problems.append(f"{name}: scrolls sideways at 320 px ({width[0]} > {width[1]})")


def test_every_screen_is_accessible_fits_320_px_and_stays_on_the_origin(
    page, context, seed, password, base_url, tmp_path
):
    origins = set()
    context.on("request", lambda request: origins.add(urlparse(request.url).netloc))
    team = field_team(seed)
    axe = Axe()
    problems = []
    page.goto("/")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    _check(page, axe, "Sign in", problems)

    sign_in(page, team["user"].username, password)
    log_visit(page, team["neighborhoods"][0], Notes="corner, code B7")
    wait_until_synced(page)
    for button, heading in SCREENS:
        page.get_by_role("button", name=button).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        _check(page, axe, button, problems)
    page.get_by_label("Theme").select_option("light")
    page.get_by_role("button", name="Home").click()
    _check(page, axe, "Home (light)", problems)
    page.screenshot(path=tmp_path / "home-320.png", full_page=True)

    context.set_offline(True)
    log_visit(page, team["neighborhoods"][0])
    page.get_by_role("button", name="My entries").click()
    page.get_by_role("listitem").first.get_by_role("button").click()
    expect(page.get_by_role("heading", name="Edit visit")).to_be_visible()
    _check(page, axe, "Edit visit", problems)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign out anyway")).to_be_visible()
    _check(page, axe, "Sign out warning", problems)
    context.set_offline(False)

    assert problems == []
    assert origins == {urlparse(base_url).netloc}
