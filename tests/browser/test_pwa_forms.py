"""The entry forms: the nearest assigned neighborhood preselected by GPS (when allowed), the
location with its accuracy, Follow-up due 72 hours after Occurred, and field errors."""

from playwright.sync_api import expect

from .pwa_helpers import field_team, option, publish, sign_in, wait_until_synced


def square(lon, lat, size=0.01):
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def test_log_visit_preselects_the_assigned_neighborhood_the_worker_stands_in(
    page, context, seed, password
):
    def build(make):
        team = make.team()
        user = make.user(team=team)
        west = make.neighborhood(team=team, name="West", geometry=square(-87.70, 41.88))
        east = make.neighborhood(team=team, name="East", geometry=square(-87.60, 41.88))
        make.assignment(user, west)
        make.assignment(user, east)
        publish(user, west, east)
        return [user, west, east]

    user, west, east = seed(build)
    context.grant_permissions(["geolocation"])
    context.set_geolocation({"latitude": 41.885, "longitude": -87.595, "accuracy": 12})
    sign_in(page, user.username, password)
    wait_until_synced(page)

    page.get_by_role("button", name="Log visit").click()
    neighborhood = page.get_by_label("Neighborhood")
    expect(neighborhood).to_have_value(east.id)
    page.get_by_role("button", name="Add my location").click()
    expect(page.get_by_text("41.885, -87.595 (accuracy 12 m)")).to_be_visible()
    neighborhood.select_option(label=option(west))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Visit saved on this phone")).to_be_visible()


def test_mediation_follow_up_defaults_to_72_hours_and_missing_choices_are_named(
    page, seed, password
):
    team = field_team(seed)
    sign_in(page, team["user"].username, password)
    wait_until_synced(page)
    page.get_by_role("button", name="Log mediation").click()
    page.get_by_label("Occurred").fill("2026-11-20T22:00")
    expect(page.get_by_label("Follow-up due")).to_have_value("2026-11-23")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Choose a risk level.")).to_be_visible()
    expect(page.get_by_label("Outcome")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_test_id("pending")).to_have_text("Pending: 0")


def test_a_visit_without_a_neighborhood_is_not_saved(page, seed, password):
    def build(make):
        team = make.team()
        user = make.user(team=team)
        hoods = [make.neighborhood(team=team) for _ in range(2)]
        publish(user, *hoods)
        return user

    user = seed(build)
    sign_in(page, user.username, password)
    wait_until_synced(page)
    page.get_by_role("button", name="Log visit").click()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Choose a neighborhood.")).to_be_visible()
    expect(page.get_by_test_id("pending")).to_have_text("Pending: 0")


def test_a_save_the_phone_refuses_keeps_the_entry_in_the_form(page, seed, password):
    team = field_team(seed)
    sign_in(page, team["user"].username, password)
    wait_until_synced(page)
    page.get_by_role("button", name="Log visit").click()
    page.get_by_label("Notes").fill("must not vanish")
    # Storage full: the outbox write throws, so the whole transaction rolls back.
    page.evaluate(
        """() => { IDBObjectStore.prototype.add = function () {
             throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); }; }"""
    )
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Not saved: this phone refused to store it")).to_be_visible()
    expect(page.get_by_label("Notes")).to_have_value("must not vanish")
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="My entries").click()
    expect(page.get_by_text("No entries on this phone yet.")).to_be_visible()
    assert questions == ["Leave this entry without saving it?"]
