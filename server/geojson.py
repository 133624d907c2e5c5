"""GeoJSON checks for neighborhood outlines (RFC 7946), shared by the admin API and the CLI.

A neighborhood's ``geometry`` is a Polygon or a MultiPolygon, or null (DESIGN, "Synced
collections"). Phones draw these outlines offline, so a malformed one would break every map of
the team: it is refused at the door with a message that says what is wrong and where.
"""

from datetime import date

GEOMETRY_TYPES = ("Polygon", "MultiPolygon")


class GeoJSONError(ValueError):
    """Input that is not the GeoJSON Fieldbook accepts; the message says what and where."""


class GeometryError(GeoJSONError):
    """A geometry that is not a valid Polygon or MultiPolygon."""


def _is_number(value) -> bool:
    # bool is an int in Python, but ``true`` is not a coordinate.
    return isinstance(value, int | float) and not isinstance(value, bool)


def _position(value, where: str) -> list:
    if not isinstance(value, list) or len(value) not in (2, 3):
        raise GeometryError(f"{where}: a position must be [longitude, latitude]")
    if not all(_is_number(v) for v in value):
        raise GeometryError(f"{where}: coordinates must be numbers")
    lon, lat = value[0], value[1]
    # Comparisons with NaN are false, so NaN and infinities fail here too.
    if not -180 <= lon <= 180:
        raise GeometryError(f"{where}: longitude {lon} is outside -180..180")
    if not -90 <= lat <= 90:
        raise GeometryError(f"{where}: latitude {lat} is outside -90..90")
    return list(value)


def _ring(value, where: str) -> list:
    if not isinstance(value, list):
        raise GeometryError(f"{where}: a ring must be a list of positions")
    if len(value) < 4:
        raise GeometryError(f"{where}: a ring needs at least 4 positions, got {len(value)}")
    positions = [_position(p, f"{where} position {i}") for i, p in enumerate(value)]
    if positions[0] != positions[-1]:
        raise GeometryError(f"{where}: the ring is not closed (first and last positions differ)")
    return positions


def _polygon(value, where: str) -> list:
    if not isinstance(value, list) or not value:
        raise GeometryError(f"{where}: a polygon must be a non-empty list of rings")
    return [_ring(r, f"{where} ring {i}") for i, r in enumerate(value)]


def validate_geometry(value) -> dict | None:
    """The geometry as stored (``type`` and ``coordinates`` only), or None for null.

    Raises :class:`GeometryError` naming the first problem found.
    """
    if value is None:
        return None
    if not isinstance(value, dict):
        raise GeometryError("geometry must be a GeoJSON object or null")
    kind = value.get("type")
    if kind not in GEOMETRY_TYPES:
        raise GeometryError(f"geometry type must be Polygon or MultiPolygon, not {kind!r}")
    coordinates = value.get("coordinates")
    if kind == "Polygon":
        rings = _polygon(coordinates, "polygon")
        return {"type": "Polygon", "coordinates": rings}
    if not isinstance(coordinates, list) or not coordinates:
        raise GeometryError("multipolygon: coordinates must be a non-empty list of polygons")
    polygons = [_polygon(p, f"polygon {i}") for i, p in enumerate(coordinates)]
    return {"type": "MultiPolygon", "coordinates": polygons}


def _text(properties: dict, key: str, limit: int) -> str:
    value = properties.get(key)
    if not isinstance(value, str) or not value.strip():
        raise GeoJSONError(f"property {key!r} is required (a non-empty string)")
    value = value.strip()
    if len(value) > limit:
        raise GeoJSONError(f"property {key!r} is longer than {limit} characters")
    return value


def _integer(properties: dict, key: str, default: int, low: int, high: int | None) -> int:
    value = properties.get(key)
    if value is None:
        return default
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool):
        raise GeoJSONError(f"property {key!r} must be a whole number")
    if value < low or (high is not None and value > high):
        bound = f"{low}..{high}" if high is not None else f">= {low}"
        raise GeoJSONError(f"property {key!r} must be {bound}, got {value}")
    return value


def _date(properties: dict, key: str) -> date | None:
    value = properties.get(key)
    if value is None:
        return None
    try:
        if isinstance(value, str) and len(value) == 10:
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise GeoJSONError(f"property {key!r} must be a date YYYY-MM-DD, got {value!r}")


def _neighborhood(feature) -> dict:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise GeoJSONError("not a GeoJSON Feature")
    properties = feature.get("properties")
    if not isinstance(properties, dict):
        raise GeoJSONError("the feature has no properties object")
    if "geometry" not in feature:
        raise GeoJSONError("the feature has no geometry member (use null for none)")
    return {
        "name": _text(properties, "name", 120),
        "code": _text(properties, "code", 40),
        "geometry": validate_geometry(feature["geometry"]),
        "target_visits_per_week": _integer(properties, "target_visits_per_week", 0, 0, None),
        "priority": _integer(properties, "priority", 2, 1, 3),
        "program_started_on": _date(properties, "program_started_on"),
    }


def read_feature_collection(obj) -> list[dict]:
    """The neighborhoods a FeatureCollection describes, every feature checked first.

    Each is a dict of ``name``, ``code``, ``geometry``, ``target_visits_per_week``, ``priority``
    and ``program_started_on``. Raises :class:`GeoJSONError` naming the feature's index (and
    its code when known) and the problem; codes must be unique within the collection.
    """
    if not isinstance(obj, dict) or obj.get("type") != "FeatureCollection":
        raise GeoJSONError("expected a GeoJSON FeatureCollection")
    features = obj.get("features")
    if not isinstance(features, list) or not features:
        raise GeoJSONError("the FeatureCollection has no features")
    found, seen = [], {}
    for index, feature in enumerate(features):
        try:
            neighborhood = _neighborhood(feature)
        except GeoJSONError as error:
            raise type(error)(f"feature {index}{_label(feature)}: {error}") from None
        code = neighborhood["code"]
        if code in seen:
            raise GeoJSONError(
                f"feature {index} ({code}): code {code!r} repeats feature {seen[code]}"
            )
        seen[code] = index
        found.append(neighborhood)
    return found


def _label(feature) -> str:
    properties = feature.get("properties") if isinstance(feature, dict) else None
    code = properties.get("code") if isinstance(properties, dict) else None
    return f" ({code})" if isinstance(code, str) and code.strip() else ""
