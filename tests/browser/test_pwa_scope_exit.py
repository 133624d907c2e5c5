"""A neighborhood an admin moves to another team leaves the old team's phones on their next
sync: pull sends them a tombstone (``server/scope_exits.py``) and the PWA drops the record."""

from playwright.sync_api import expect

from server.admin.neighborhoods import update_neighborhood

from .pwa_helpers import field_team, option, sign_in, sync_now, wait_until_synced


def move_to_new_team(seed, neighborhood) -> None:
    """Move ``neighborhood`` to a new team of its organization through the admin rule itself."""

    def build(make):
        team = make.team(org=type("Org", (), {"id": neighborhood.organization_id}))
        admin = make.user(role="admin", team=team)
        update_neighborhood(admin, neighborhood.id, {"team_id": team.id})

    seed(build)


def test_a_neighborhood_moved_to_another_team_disappears_from_the_old_teams_phone(
    page, seed, password
):
    team = field_team(seed)
    user, (kept, moved) = team["user"], team["neighborhoods"]
    sign_in(page, user.username, password)
    wait_until_synced(page)

    page.get_by_role("button", name="Log visit").click()
    select = page.get_by_label("Neighborhood")
    expect(select.locator("option", has_text=option(kept))).to_have_count(1)
    expect(select.locator("option", has_text=option(moved))).to_have_count(1)

    move_to_new_team(seed, moved)
    sync_now(page)

    page.get_by_role("button", name="Log visit").click()
    select = page.get_by_label("Neighborhood")
    expect(select.locator("option", has_text=option(moved))).to_have_count(0)
    expect(select.locator("option", has_text=option(kept))).to_have_count(1)
    page.get_by_role("button", name="My neighborhoods").click()
    expect(page.get_by_role("heading", name="My neighborhoods")).to_be_visible()
    expect(page.get_by_role("heading", name=option(kept))).to_be_visible()
    expect(page.get_by_role("heading", name=option(moved))).to_have_count(0)
