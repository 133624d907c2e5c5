"""Assignments: who sees which, and the admin writes.

Pull shows a neighborhood's assignments with the neighborhood, so every change here stamps
the neighborhood (a new ``seq``): devices then pull it again with its new assignments.
"""

from sqlalchemy import select

from .. import permissions
from ..changes import stamp
from ..extensions import db
from ..models import Assignment, Neighborhood, User
from . import found, referenced, refuse, require


def _readable(actor):
    """The query of every assignment ``actor`` may see."""
    query = select(Assignment).join(Neighborhood, Assignment.neighborhood_id == Neighborhood.id)
    if permissions.is_admin(actor):
        return query.where(Neighborhood.organization_id == actor.organization_id)
    if actor.role == "lead":
        return query.where(Neighborhood.team_id == actor.team_id)
    return query.where(Assignment.user_id == actor.id)


def list_assignments(actor, user_id=None, neighborhood_id=None) -> list[Assignment]:
    """Admins: their organization's; leads: their team's; workers: their own. Filters narrow."""
    query = _readable(actor)
    if user_id is not None:
        query = query.where(Assignment.user_id == user_id)
    if neighborhood_id is not None:
        query = query.where(Assignment.neighborhood_id == neighborhood_id)
    query = query.order_by(Assignment.starts_on, Assignment.id)
    return list(db.session.execute(query).scalars())


def _may_read(actor, assignment: Assignment) -> bool:
    neighborhood = assignment.neighborhood
    return permissions.can_read_assignment(
        actor, assignment.user_id, neighborhood.team_id, neighborhood.organization_id
    )


def get_assignment(actor, assignment_id: str) -> Assignment:
    assignment = found(Assignment, assignment_id, "assignment")
    require(_may_read(actor, assignment))
    return assignment


def _administered(actor, assignment_id: str) -> Assignment:
    assignment = found(Assignment, assignment_id, "assignment")
    require(
        permissions.can_administer(actor, assignment.neighborhood.organization_id),
        "Only its org's admins.",
    )
    return assignment


def create_assignment(actor, data: dict) -> Assignment:
    require(permissions.is_admin(actor), "Only admins assign neighborhoods.")
    user = referenced(User, data["user_id"], "user_id", "user")
    neighborhood = referenced(
        Neighborhood, data["neighborhood_id"], "neighborhood_id", "neighborhood"
    )
    require(permissions.can_administer(actor, user.organization_id), "Only its org's admins.")
    require(
        permissions.can_administer(actor, neighborhood.organization_id), "Only its org's admins."
    )
    if neighborhood.deleted:
        refuse(422, "Unknown neighborhood.", "neighborhood_id")
    if neighborhood.team_id != user.team_id:
        refuse(422, "The worker and the neighborhood must be in the same team.", "neighborhood_id")
    assignment = Assignment(
        user_id=user.id,
        neighborhood_id=neighborhood.id,
        starts_on=data["starts_on"],
        ends_on=data.get("ends_on"),
    )
    db.session.add(assignment)
    stamp(neighborhood, new=False)
    db.session.commit()
    return assignment


def update_assignment(actor, assignment_id: str, data: dict) -> Assignment:
    assignment = _administered(actor, assignment_id)
    ends_on = data["ends_on"]
    if ends_on is not None and ends_on < assignment.starts_on:
        refuse(422, "ends_on must not be before starts_on.", "ends_on")
    if assignment.ends_on != ends_on:
        assignment.ends_on = ends_on
        stamp(assignment.neighborhood, new=False)
    db.session.commit()
    return assignment


def delete_assignment(actor, assignment_id: str) -> None:
    assignment = _administered(actor, assignment_id)
    neighborhood = assignment.neighborhood
    db.session.delete(assignment)
    stamp(neighborhood, new=False)
    db.session.commit()
