"""Push over HTTP: every status of DESIGN's table, its edge cases, and the request limits."""

from datetime import UTC, datetime

import pytest

from server.extensions import db
from server.models import Device, MutationLog, Visit

from .sync_helpers import (
    DEVICE,
    mutation,
    new_id,
    new_mediation,
    new_visit,
    pull_all,
    push,
    push_ok,
    sign_in,
    signed_in,
)


@pytest.fixture
def field(make, auth):
    """A team with a neighborhood and a signed-in worker ``ana``."""
    team = make.team()
    worker = make.user(team=team, username="ana")
    hood = make.neighborhood(team=team)
    sign_in(auth, worker)
    return type("Field", (), {"team": team, "worker": worker, "hood": hood})


def _create(auth, field, **fields):
    m = new_visit(field.hood, **fields)
    (result,) = push_ok(auth, m)
    assert result["status"] == "applied"
    return m["record_id"]


def test_create_is_applied_with_rev_1_and_server_defaults(auth, field):
    m = new_visit(field.hood)
    assert push_ok(auth, m) == [
        {
            "mutation_id": m["mutation_id"],
            "status": "applied",
            "record_id": m["record_id"],
            "rev": 1,
        }
    ]
    visit = db.session.get(Visit, m["record_id"])
    assert (visit.duration_minutes, visit.kind, visit.people_engaged, visit.notes) == (
        30,
        "street_presence",
        0,
        "",
    )
    assert visit.worker_id == field.worker.id
    assert visit.team_id == field.team.id and visit.organization_id == field.team.organization_id
    assert visit.started_at.isoformat() == "2026-11-21T04:00:00"


def test_mediation_follow_up_defaults_to_local_date_72_hours_later(auth, field):
    # 2026-11-20 23:30 in Chicago is 05:30 UTC on the 21st; 72 h later is the 23rd, locally.
    m = new_mediation(field.hood, occurred_at="2026-11-20T23:30:00-06:00")
    push_ok(auth, m)
    changes, _ = pull_all(auth)
    (record,) = [c for c in changes if c["collection"] == "mediations"]
    assert record["data"]["follow_up_due"] == "2026-11-23"
    assert record["data"]["occurred_at"] == "2026-11-21T05:30:00+00:00"


def test_update_carries_only_changed_fields(auth, field):
    rid = _create(auth, field, notes="first", people_engaged=3)
    (result,) = push_ok(auth, mutation(rid, base_rev=1, data={"notes": "second"}))
    assert (result["status"], result["rev"]) == ("applied", 2)
    visit = db.session.get(Visit, rid)
    assert (visit.notes, visit.people_engaged, visit.rev) == ("second", 3, 2)


def test_replayed_mutation_is_duplicate_with_the_rev_it_produced(auth, field):
    m = new_visit(field.hood)
    push_ok(auth, m)
    push_ok(auth, mutation(m["record_id"], base_rev=1, data={"notes": "later"}))
    (again,) = push_ok(auth, m)
    assert again == {
        "mutation_id": m["mutation_id"],
        "status": "duplicate",
        "record_id": m["record_id"],
        "rev": 1,
    }
    assert db.session.get(Visit, m["record_id"]).rev == 2


def test_a_whole_retried_request_ends_in_the_same_state(auth, field):
    batch = [new_visit(field.hood) for _ in range(3)]
    first = push_ok(auth, *batch)
    second = push_ok(auth, *batch)
    assert [r["status"] for r in first] == ["applied"] * 3
    assert [r["status"] for r in second] == ["duplicate"] * 3
    assert [r["rev"] for r in second] == [1, 1, 1]
    assert db.session.query(Visit).count() == 3


def test_a_mutation_repeated_inside_one_batch_applies_once(auth, field):
    m = new_visit(field.hood)
    results = push_ok(auth, m, m)
    assert [r["status"] for r in results] == ["applied", "duplicate"]


def test_replayed_rejected_mutation_is_rejected_again_with_the_same_errors(auth, field):
    m = new_visit(field.hood, duration_minutes=5000)
    (first,) = push_ok(auth, m)
    (again,) = push_ok(auth, m)
    assert first["status"] == again["status"] == "rejected"
    assert again["errors"] == first["errors"] and "duration_minutes" in first["errors"]


def test_mutation_id_replayed_by_another_user_is_rejected_without_their_result(
    app, auth, field, make
):
    m = new_visit(field.hood, notes="ana's")
    push_ok(auth, m)
    ben = signed_in(app, make.user(team=field.team, username="ben"))
    (result,) = push_ok(ben, m)
    assert result["status"] == "rejected"
    assert "mutation_id" in result["errors"]
    assert "rev" not in result


def test_stale_base_rev_on_other_fields_is_merged_and_keeps_both(auth, field):
    rid = _create(auth, field)
    push_ok(auth, mutation(rid, base_rev=1, data={"notes": "from phone A"}))
    (result,) = push_ok(auth, mutation(rid, base_rev=1, data={"people_engaged": 4}))
    assert (result["status"], result["rev"]) == ("merged", 3)
    visit = db.session.get(Visit, rid)
    assert (visit.notes, visit.people_engaged, visit.needs_review) == ("from phone A", 4, False)


def test_stale_base_rev_on_the_same_field_is_a_conflict_later_edit_wins(auth, field):
    rid = _create(auth, field)
    push_ok(
        auth,
        mutation(rid, base_rev=1, data={"notes": "earlier"}, edited_at="2026-11-21T10:00:00Z"),
    )
    late = mutation(rid, base_rev=1, data={"notes": "later"}, edited_at="2026-11-21T11:00:00Z")
    (result,) = push_ok(auth, late)
    assert (result["status"], result["rev"]) == ("conflict", 3)
    assert result["record"]["collection"] == "visits"
    assert result["record"]["record_id"] == rid and result["record"]["rev"] == 3
    assert result["record"]["deleted"] is False
    assert result["record"]["data"]["notes"] == "later"
    assert result["record"]["data"]["needs_review"] is True


def test_conflict_where_every_incoming_field_loses_is_still_an_accepted_change(auth, field):
    rid = _create(auth, field)
    push_ok(auth, mutation(rid, base_rev=1, data={"notes": "kept"}, edited_at="2026-11-21T11:00Z"))
    old = mutation(rid, base_rev=1, data={"notes": "lost"}, edited_at="2026-11-21T10:00:00Z")
    (result,) = push_ok(auth, old)
    assert (result["status"], result["rev"]) == ("conflict", 3)
    assert result["record"]["data"]["notes"] == "kept"
    assert db.session.get(Visit, rid).needs_review is True


def test_a_device_clock_in_the_future_does_not_beat_a_later_real_edit(auth, field):
    rid = _create(auth, field)
    future = mutation(rid, base_rev=1, data={"notes": "future"}, edited_at="2099-01-01T00:00Z")
    push_ok(auth, future)
    # Made after the first push arrived, from the same base: without the clamp to receive
    # time, the phone whose clock says 2099 would win every conflict.
    now = datetime.now(UTC).isoformat()
    (result,) = push_ok(auth, mutation(rid, base_rev=1, data={"notes": "now"}, edited_at=now))
    assert result["status"] == "conflict"
    assert result["record"]["data"]["notes"] == "now"


def test_delete_is_applied_and_pulls_as_a_tombstone(auth, field):
    rid = _create(auth, field)
    _, cursor = pull_all(auth)
    (result,) = push_ok(auth, mutation(rid, op="delete", base_rev=1))
    assert (result["status"], result["rev"]) == ("applied", 2)
    changes, _ = pull_all(auth, cursor)
    assert changes == [
        {"collection": "visits", "record_id": rid, "rev": 2, "deleted": True, "data": None}
    ]


def test_delete_with_stale_base_rev_still_deletes_as_a_flagged_conflict(auth, field):
    rid = _create(auth, field)
    push_ok(auth, mutation(rid, base_rev=1, data={"notes": "edit"}))
    (result,) = push_ok(auth, mutation(rid, op="delete", base_rev=1))
    assert (result["status"], result["rev"]) == ("conflict", 3)
    assert result["record"] == {
        "collection": "visits",
        "record_id": rid,
        "rev": 3,
        "deleted": True,
        "data": None,
    }
    visit = db.session.get(Visit, rid)
    assert visit.deleted and visit.needs_review


def test_upsert_onto_a_record_deleted_meanwhile_brings_it_back_flagged(auth, field):
    rid = _create(auth, field, notes="before")
    push_ok(auth, mutation(rid, op="delete", base_rev=1))
    (result,) = push_ok(auth, mutation(rid, base_rev=1, data={"notes": "field edit"}))
    assert (result["status"], result["rev"]) == ("conflict", 3)
    assert result["record"]["deleted"] is False
    assert result["record"]["data"]["notes"] == "field edit"
    assert result["record"]["data"]["needs_review"] is True


def test_deleting_a_deleted_record_is_applied_and_changes_nothing(auth, field):
    rid = _create(auth, field)
    push_ok(auth, mutation(rid, op="delete", base_rev=1))
    (result,) = push_ok(auth, mutation(rid, op="delete", base_rev=1))
    assert (result["status"], result["rev"]) == ("applied", 2)
    visit = db.session.get(Visit, rid)
    assert (visit.rev, visit.needs_review) == (2, False)


@pytest.mark.parametrize("op", ["upsert", "delete"])
def test_non_null_base_rev_for_an_unknown_record_is_rejected(auth, field, op):
    (result,) = push_ok(auth, mutation(new_id(), op=op, base_rev=2, data={"notes": "x"}))
    assert result["status"] == "rejected" and "base_rev" in result["errors"]


def test_null_base_rev_for_an_existing_id_is_rejected(auth, field):
    rid = _create(auth, field)
    (result,) = push_ok(auth, new_visit(field.hood, record_id=rid))
    assert result["status"] == "rejected" and "base_rev" in result["errors"]


def test_base_rev_newer_than_the_server_is_rejected(auth, field):
    rid = _create(auth, field)
    (result,) = push_ok(auth, mutation(rid, base_rev=5, data={"notes": "x"}))
    assert result["status"] == "rejected" and "base_rev" in result["errors"]


@pytest.mark.parametrize(
    ("fields", "bad"),
    [
        ({"duration_minutes": 1441}, "duration_minutes"),
        ({"duration_minutes": "30"}, "duration_minutes"),
        ({"kind": "party"}, "kind"),
        ({"people_engaged": -1}, "people_engaged"),
        ({"notes": "x" * 4001}, "notes"),
        ({"location": {"lat": 91, "lon": 0, "accuracy_m": 5}}, "location"),
        ({"location": {"lat": 1, "lon": 2, "address": "no"}}, "location"),
        ({"started_at": "2026-11-20T22:00:00"}, "started_at"),
        ({"colour": "red"}, "colour"),
        ({"needs_review": False}, "needs_review"),
        ({"neighborhood_id": "not-an-id"}, "neighborhood_id"),
    ],
)
def test_invalid_field_is_rejected_naming_it_and_the_batch_goes_on(auth, field, fields, bad):
    good = new_visit(field.hood)
    results = push_ok(auth, new_visit(field.hood, **fields), good)
    assert results[0]["status"] == "rejected"
    assert list(results[0]["errors"]) == [bad]
    assert results[1]["status"] == "applied"


def test_create_needs_neighborhood_and_start_time(auth, field):
    (result,) = push_ok(auth, mutation(data={"notes": "x"}))
    assert result["status"] == "rejected"
    assert set(result["errors"]) == {"neighborhood_id", "started_at"}


def test_worker_id_of_another_user_is_rejected_and_own_id_is_accepted(auth, field, make):
    other = make.user(team=field.team)
    (bad,) = push_ok(auth, new_visit(field.hood, worker_id=other.id))
    (good,) = push_ok(auth, new_visit(field.hood, worker_id=field.worker.id))
    assert bad["status"] == "rejected" and list(bad["errors"]) == ["worker_id"]
    assert good["status"] == "applied"


@pytest.mark.parametrize(
    ("collection", "message"), [("users", "Read-only"), ("parties", "Unknown collection")]
)
def test_read_only_or_unknown_collection_is_rejected(auth, field, collection, message):
    (result,) = push_ok(auth, mutation(collection=collection, data={"name": "x"}))
    assert result["status"] == "rejected"
    assert result["errors"]["collection"][0].startswith(message)


@pytest.mark.parametrize(
    ("change", "bad"),
    [
        ({"op": "replace"}, "op"),
        ({"base_rev": "1"}, "base_rev"),
        ({"edited_at": "yesterday"}, "edited_at"),
        ({"record_id": "1"}, "record_id"),
        ({"data": None}, "data"),
    ],
)
def test_malformed_mutation_is_rejected_naming_the_field(auth, field, change, bad):
    m = {**new_visit(field.hood), **change}
    (result,) = push_ok(auth, m)
    assert result["status"] == "rejected" and bad in result["errors"]


def test_rejected_mutations_are_logged_with_their_result(auth, field):
    m = new_visit(field.hood, kind="party")
    push_ok(auth, m)
    logged = db.session.get(MutationLog, m["mutation_id"])
    assert logged.status == "rejected" and "kind" in logged.result["errors"]


def test_push_records_the_device(auth, field):
    push_ok(auth, new_visit(field.hood))
    device = db.session.get(Device, (DEVICE, field.worker.id))
    assert device.last_push_at is not None and device.last_sync_at == device.last_push_at


# --- request-level answers -----------------------------------------------------------------


def test_more_than_500_mutations_is_413_json(auth, field):
    response = push(auth, *[new_visit(field.hood) for _ in range(501)])
    assert response.status_code == 413
    assert response.json["error"] == "payload_too_large"
    assert "500 mutations" in response.json["message"]
    assert db.session.query(Visit).count() == 0


def test_body_over_1_mib_is_413_json(auth, field):
    notes = "x" * 4000
    response = push(auth, *[new_visit(field.hood, notes=notes) for _ in range(300)])
    assert response.status_code == 413
    assert response.json["error"] == "payload_too_large"


def test_older_protocol_is_409_upgrade_required(auth, field):
    response = push(auth, new_visit(field.hood), protocol=0)
    assert response.status_code == 409
    assert response.json["error"] == "upgrade_required"


def test_newer_protocol_is_400(auth, field):
    response = push(auth, new_visit(field.hood), protocol=2)
    assert response.status_code == 400
    assert "protocol" in response.json["errors"]


@pytest.mark.parametrize(
    ("body", "bad"),
    [
        ({"protocol": 1, "mutations": []}, "device_id"),
        ({"protocol": 1, "device_id": DEVICE}, "mutations"),
        ({"protocol": 1, "device_id": DEVICE, "mutations": {}}, "mutations"),
        ({"device_id": DEVICE, "mutations": []}, "protocol"),
    ],
)
def test_malformed_body_is_400_naming_the_field(auth, field, body, bad):
    response = auth.post("/api/v1/sync/push", json=body)
    assert response.status_code == 400
    assert bad in response.json["errors"]


def test_body_that_is_not_json_is_400(auth, field):
    response = auth.post("/api/v1/sync/push", data="{nope", content_type="application/json")
    assert response.status_code == 400 and response.json["error"] == "bad_request"


def test_push_without_session_is_401_and_without_csrf_is_403(client, auth, field):
    body = {"protocol": 1, "device_id": DEVICE, "mutations": []}
    assert auth.client.post("/api/v1/sync/push", json=body).status_code == 403
    fresh = client.application.test_client()
    assert fresh.post("/api/v1/sync/push", json=body).status_code == 401


@pytest.mark.parametrize("mutation_id", [None, "", 7, "x" * 37])
def test_unusable_mutation_id_is_rejected_and_not_logged(auth, field, mutation_id):
    m = {**new_visit(field.hood), "mutation_id": mutation_id}
    (result,) = push_ok(auth, m)
    assert result["status"] == "rejected" and "mutation_id" in result["errors"]
    assert db.session.query(MutationLog).count() == 0
