"""Neighborhood outlines: only closed, in-range Polygons and MultiPolygons get in."""

import pytest

from server.geojson import GeoJSONError, GeometryError, read_feature_collection, validate_geometry

SQUARE = [[-87.7, 41.8], [-87.6, 41.8], [-87.6, 41.9], [-87.7, 41.9], [-87.7, 41.8]]


def feature(code="N1", geometry=None, **properties):
    properties = {"name": f"Place {code}", "code": code, **properties}
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def collection(*features):
    return {"type": "FeatureCollection", "features": list(features)}


def test_polygon_is_returned_with_type_and_coordinates_only():
    value = {"type": "Polygon", "coordinates": [SQUARE], "bbox": [0, 0, 1, 1]}
    assert validate_geometry(value) == {"type": "Polygon", "coordinates": [SQUARE]}


def test_multipolygon_with_a_hole_is_accepted():
    hole = [[-87.66, 41.84], [-87.64, 41.84], [-87.64, 41.86], [-87.66, 41.84]]
    value = {"type": "MultiPolygon", "coordinates": [[SQUARE, hole], [SQUARE]]}
    assert validate_geometry(value)["coordinates"][0][1] == hole


def test_null_geometry_is_allowed():
    assert validate_geometry(None) is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("POLYGON((0 0))", "GeoJSON object or null"),
        ({"type": "Point", "coordinates": [-87.6, 41.8]}, "Polygon or MultiPolygon, not 'Point'"),
        ({"type": "Polygon"}, "non-empty list of rings"),
        ({"type": "Polygon", "coordinates": []}, "non-empty list of rings"),
        ({"type": "Polygon", "coordinates": [SQUARE[:3]]}, "at least 4 positions, got 3"),
        ({"type": "Polygon", "coordinates": [SQUARE[:4]]}, "ring is not closed"),
        ({"type": "Polygon", "coordinates": [[*SQUARE[:2], ["a", 41.9], *SQUARE[3:]]]}, "numbers"),
        ({"type": "Polygon", "coordinates": [[*SQUARE[:2], [True, 41.9], *SQUARE[3:]]]}, "numbers"),
        ({"type": "Polygon", "coordinates": [[*SQUARE[:2], [-87.6], *SQUARE[3:]]]}, "[longitude"),
        ({"type": "Polygon", "coordinates": [[*SQUARE[:2], [-187.6, 41], *SQUARE[3:]]]}, "-180"),
        ({"type": "Polygon", "coordinates": [[*SQUARE[:2], [-87.6, 91], *SQUARE[3:]]]}, "-90..90"),
        (
            {"type": "Polygon", "coordinates": [[*SQUARE[:2], [float("nan"), 1], *SQUARE[3:]]]},
            "nan",
        ),
        ({"type": "MultiPolygon", "coordinates": []}, "non-empty list of polygons"),
        ({"type": "MultiPolygon", "coordinates": [[SQUARE], [[1, 2]]]}, "polygon 1 ring 0"),
    ],
)
def test_invalid_geometry_is_refused_with_a_clear_message(value, message):
    with pytest.raises(GeometryError) as caught:
        validate_geometry(value)
    assert message in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_message_points_at_the_bad_position():
    bad = [*SQUARE[:2], [-87.6, 95], *SQUARE[3:]]
    with pytest.raises(GeometryError) as caught:
        validate_geometry({"type": "Polygon", "coordinates": [SQUARE, bad]})
    assert str(caught.value).startswith("polygon ring 1 position 2:")


def test_feature_collection_gives_neighborhoods_with_defaults():
    square = {"type": "Polygon", "coordinates": [SQUARE]}
    found = read_feature_collection(
        collection(
            feature(
                "N1", square, target_visits_per_week=5, priority=1, program_started_on="2026-03-01"
            ),
            feature(" N2 ", None, name="  Riverside "),
        )
    )
    assert [n["code"] for n in found] == ["N1", "N2"]
    assert found[0]["geometry"] == square
    assert (found[0]["target_visits_per_week"], found[0]["priority"]) == (5, 1)
    assert str(found[0]["program_started_on"]) == "2026-03-01"
    assert found[1] == {
        "name": "Riverside",
        "code": "N2",
        "geometry": None,
        "target_visits_per_week": 0,
        "priority": 2,
        "program_started_on": None,
    }


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"type": "Feature", "geometry": None}, "feature 1: the feature has no properties"),
        ({"type": "Feature", "properties": {"name": "X", "code": "B"}}, "no geometry member"),
        ({"type": "Point"}, "feature 1: not a GeoJSON Feature"),
        (feature("B", name=""), "feature 1 (B): property 'name' is required"),
        (feature("B", name="x" * 121), "longer than 120"),
        (feature(""), "feature 1: property 'code' is required"),
        (feature("B", target_visits_per_week=-1), "'target_visits_per_week' must be >= 0"),
        (feature("B", target_visits_per_week="3"), "must be a whole number"),
        (feature("B", priority=4), "'priority' must be 1..3, got 4"),
        (feature("B", program_started_on="March 2026"), "must be a date YYYY-MM-DD"),
        (feature("B", {"type": "Polygon", "coordinates": [SQUARE[:4]]}), "(B): polygon ring 0"),
        (feature("A"), "feature 1 (A): code 'A' repeats feature 0"),
    ],
)
def test_bad_feature_is_named_by_index_and_problem(bad, message):
    with pytest.raises(GeoJSONError) as caught:
        read_feature_collection(collection(feature("A"), bad))
    assert message in str(caught.value)


@pytest.mark.parametrize(
    "obj",
    [[], {"type": "Feature"}, {"type": "FeatureCollection"}, collection()],
)
def test_not_a_feature_collection_is_refused(obj):
    with pytest.raises(GeoJSONError, match="FeatureCollection"):
        read_feature_collection(obj)
