"""Silent devices: the team's phones that have not synced for a while."""

from datetime import timedelta

from server.extensions import db
from server.models import Device, utcnow


def test_lists_devices_not_synced_within_the_hours_oldest_first(auth, make):
    team = make.team()
    make.user("lead", team=team, username="lead")
    ana = make.user(team=team, display_name="Ana")
    stranger = make.user()
    now = utcnow()
    db.session.add_all(
        [
            Device(device_id="fresh", user_id=ana.id, last_sync_at=now - timedelta(hours=1)),
            Device(device_id="stale", user_id=ana.id, last_sync_at=now - timedelta(hours=50)),
            Device(device_id="never", user_id=ana.id, last_sync_at=None),
            Device(device_id="theirs", user_id=stranger.id, last_sync_at=now - timedelta(days=9)),
        ]
    )
    db.session.commit()
    auth.login("lead")
    devices = auth.get("/api/v1/reports/devices").json["devices"]
    assert [d["device_id"] for d in devices] == ["never", "stale"]
    never, stale = devices
    assert (never["last_sync_at"], never["hours_since"]) == (None, None)
    assert (stale["worker_id"], stale["name"]) == (ana.id, "Ana")
    assert 49.9 <= stale["hours_since"] <= 50.1
    longer = auth.get("/api/v1/reports/devices?hours=100").json["devices"]
    assert [d["device_id"] for d in longer] == ["never"]
    assert auth.get("/api/v1/reports/devices?hours=0").status_code == 422
