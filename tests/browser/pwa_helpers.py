"""Steps the PWA's browser tests share: sign in, wait for the service worker, log entries,
and read what reached the server's database."""

import re

from playwright.sync_api import Page, expect
from sqlalchemy import select

from server.changes import stamp
from server.extensions import db
from server.models import Mediation, Visit


def field_team(seed, neighborhoods=2, role="worker"):
    """A team with one user of ``role``, its neighborhoods, the first assigned to the user."""

    def build(make):
        team = make.team()
        user = make.user(role=role, team=team)
        hoods = [make.neighborhood(team=team) for _ in range(neighborhoods)]
        make.assignment(user, hoods[0])
        publish(user, *hoods)
        return [user, team, *hoods]

    user, team, *hoods = seed(build)
    return {"user": user, "team": team, "neighborhoods": hoods}


def publish(*records):
    """Give factory-made synced rows their place in the change sequence, as real writers do,
    so that pull sends them."""
    for record in records:
        stamp(record, new=True)
    db.session.commit()


def sign_in(page: Page, username: str, password: str, start: str = "/") -> None:
    page.goto(start)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")


def sign_out(page: Page) -> None:
    """Sign out with nothing unsent (no warning), and wait for the sign-in form."""
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()


def wait_until_synced(page: Page, timeout: float = 15000) -> None:
    message = page.get_by_test_id("sync-message")
    expect(message).to_have_text(re.compile(r"^Synced"), timeout=timeout)
    expect(page.get_by_test_id("pending")).to_have_text("Pending: 0")


def sync_now(page: Page) -> None:
    page.get_by_role("button", name="Sync now").click()
    wait_until_synced(page)


def wait_for_service_worker(page: Page) -> None:
    """Wait until the service worker controls the page (so a reload offline still works)."""
    # Polled from Python: wait_for_function evaluates strings in the page, which the CSP forbids.
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    for _ in range(100):
        if page.evaluate("navigator.serviceWorker.controller !== null"):
            return
        page.wait_for_timeout(100)
    raise AssertionError("the service worker never took control of the page")


def option(neighborhood) -> str:
    """The text of a neighborhood's option in the `Neighborhood` select."""
    return f"{neighborhood.name} ({neighborhood.code})"


def log_visit(page: Page, neighborhood=None, **fields) -> None:
    page.get_by_role("button", name="Log visit").click()
    expect(page.get_by_role("heading", name="Log visit")).to_be_visible()
    if neighborhood:
        page.get_by_label("Neighborhood").select_option(label=option(neighborhood))
    for label, value in fields.items():
        page.get_by_label(label).fill(str(value))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Visit saved on this phone")).to_be_visible()


def log_mediation(page: Page, neighborhood, notes: str = "") -> None:
    page.get_by_role("button", name="Log mediation").click()
    page.get_by_label("Neighborhood").select_option(label=option(neighborhood))
    page.get_by_label("Conflict type").select_option("retaliation")
    page.get_by_label("Risk level").select_option("high")
    page.get_by_label("Outcome").select_option("temporarily_resolved")
    page.get_by_label("Notes").fill(notes)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Mediation saved on this phone")).to_be_visible()


def server_rows(seed, model, worker_id):
    """Plain tuples of the worker's rows of ``model`` in the live server's database."""

    def read(make):
        rows = db.session.execute(select(model).where(model.worker_id == worker_id)).scalars()
        return [
            {
                "id": r.id,
                "rev": r.rev,
                "deleted": r.deleted,
                "notes": r.notes,
                "neighborhood_id": r.neighborhood_id,
                "needs_review": r.needs_review,
                "duration_minutes": getattr(r, "duration_minutes", None),
            }
            for r in rows
        ]

    return seed(read)


def server_visits(seed, worker_id):
    return server_rows(seed, Visit, worker_id)


def server_mediations(seed, worker_id):
    return server_rows(seed, Mediation, worker_id)


class OtherDevice:
    """The same user on another device, speaking the HTTP API directly (as a second phone)."""

    def __init__(self, base_url: str, username: str, password: str):
        import uuid

        import requests

        self.base_url = base_url
        self.http = requests.Session()
        self.device_id = str(uuid.uuid4())
        answer = self.http.post(
            f"{base_url}/api/v1/auth/login", json={"username": username, "password": password}
        )
        answer.raise_for_status()
        self.http.headers["X-CSRF-Token"] = answer.json()["csrf_token"]

    def push(self, *mutations) -> list[dict]:
        body = {"protocol": 1, "device_id": self.device_id, "mutations": list(mutations)}
        answer = self.http.post(f"{self.base_url}/api/v1/sync/push", json=body)
        answer.raise_for_status()
        return answer.json()["results"]

    def close(self):
        self.http.close()
