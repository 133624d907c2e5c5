"""The database model: one module per domain, all re-exported here.

Every synced table (users, neighborhoods, visits, mediations) carries the sync columns of
:class:`~server.models.base.SyncedMixin`: a device-made UUID ``id``, the server's ``rev`` and
``seq`` (its place in the change sequence pull reads), and a ``deleted`` tombstone flag.
"""

from ..reports import indexes as _report_indexes  # noqa: F401  (registers report indexes)
from .base import SyncedMixin, new_id, utcnow
from .org import Assignment, Neighborhood, Organization, Team, User
from .records import Mediation, Review, Visit
from .sync import AuditLog, ChangeCounter, Device, MutationLog, RecordHistory, ScopeExit

__all__ = [
    "Assignment",
    "AuditLog",
    "ChangeCounter",
    "Device",
    "Mediation",
    "MutationLog",
    "Neighborhood",
    "Organization",
    "RecordHistory",
    "Review",
    "ScopeExit",
    "SyncedMixin",
    "Team",
    "User",
    "Visit",
    "new_id",
    "utcnow",
]
