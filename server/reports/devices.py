"""Silent devices: phones of the team that have not synced for a while.

A phone that stops syncing is where entries get lost (storage cleared, an expired session), so a
lead checks on the worker before that happens.
"""

from datetime import timedelta

from sqlalchemy import false, or_, select

from ..extensions import db
from ..models import Device, User, utcnow
from .timezone import local_iso, zone


def silent_devices(team_id: str, hours: int = 48, tz=None, session=None, now=None) -> dict:
    """Devices of ``team_id``'s users with no successful sync in the last ``hours`` hours."""
    session = session or db.session
    tz = tz or zone()
    now = now or utcnow()
    cutoff = now - timedelta(hours=hours)
    query = (
        select(Device, User)
        .join(User, User.id == Device.user_id)
        .where(
            User.team_id == team_id,
            User.deleted == false(),
            or_(Device.last_sync_at.is_(None), Device.last_sync_at < cutoff),
        )
        .order_by(
            Device.last_sync_at.is_(None).desc(),  # NULLs sort apart on SQLite and PostgreSQL
            Device.last_sync_at,
            Device.device_id,
        )
    )
    devices = []
    for device, user in session.execute(query):
        last = device.last_sync_at
        since = None if last is None else round((now - last).total_seconds() / 3600, 1)
        devices.append(
            {
                "device_id": device.device_id,
                "worker_id": user.id,
                "name": user.display_name,
                "last_sync_at": local_iso(last, tz),
                "hours_since": since,
            }
        )
    return {"team_id": team_id, "hours": hours, "devices": devices}
