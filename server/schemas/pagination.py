"""Pages of a list: the ``page``/``page_size`` arguments and the ``{"items", ...}`` envelope.

One shape for every paged list (``items``, ``page``, ``page_size``, ``total``) so that the PWA
and exports page through visits and mediations the same way.
"""

from datetime import UTC

from marshmallow import Schema, fields, validate

MAX_PAGE_SIZE = 200


class UtcDateTime(fields.DateTime):
    """An instant stored as naive UTC, sent as ISO 8601 with its offset (``+00:00``)."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)


class PageArgsSchema(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=1_000_000))
    page_size = fields.Integer(load_default=50, validate=validate.Range(min=1, max=MAX_PAGE_SIZE))


def page_schema(item_schema: type[Schema], name: str) -> type[Schema]:
    """The envelope schema for a page of ``item_schema`` (named for the OpenAPI document)."""
    return Schema.from_dict(
        {
            "items": fields.List(fields.Nested(item_schema)),
            "page": fields.Integer(),
            "page_size": fields.Integer(),
            "total": fields.Integer(),
        },
        name=name,
    )


def paginate(session, statement, page: int, page_size: int) -> dict:
    """Run ``statement`` for one page; ``total`` counts every row the filters match."""
    from sqlalchemy import func, select

    total = session.execute(
        select(func.count()).select_from(statement.order_by(None).subquery())
    ).scalar_one()
    items = session.execute(statement.limit(page_size).offset((page - 1) * page_size)).scalars()
    return {"items": list(items), "page": page, "page_size": page_size, "total": total}
