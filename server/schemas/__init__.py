"""Marshmallow schemas of the API: one module per resource, with field-level messages."""
