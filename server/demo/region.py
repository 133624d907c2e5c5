"""The demo region: Carver Falls, a fictional river city, its agencies, teams and staff.

Everything here is invented. Outlines are jittered radial polygons around centres laid out
like a city's districts (north of the river, along it, east of downtown), placed in farmland
of central Illinois so that a map looks real without depicting any real neighborhood.
"""

import math
import random
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

#: Downtown Carver Falls (lat, lon).
CITY_CENTRE = (40.352, -89.742)
KM_PER_DEGREE_LAT = 111.2


class DemoRandom(random.Random):
    """The one seeded source of everything random, ids included, so a seed replays exactly."""

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.getrandbits(128), version=4))

    def weighted(self, table: dict):
        return self.choices(list(table), weights=list(table.values()))[0]


ORGANIZATIONS = (
    "Carver Falls Office of Community Safety",
    "Riverline Violence Interruption Network",
)

# team name, organization index, district centre (km east, km north of downtown)
TEAMS = (
    ("Northside Outreach", 0, (-0.5, 3.2)),
    ("Riverfront Street Team", 0, (-2.8, -1.6)),
    ("Eastgate Messengers", 1, (3.4, 0.2)),
)

# name, code, target visits a week, priority, how well it is covered (1.0 = on target)
NEIGHBORHOODS = (
    (
        ("Millbrook", "NS-01", 6, 1, 1.05),
        ("Cedar Heights", "NS-02", 4, 2, 0.95),
        ("Lantern Row", "NS-03", 8, 1, 0.45),
        ("Foundry Flats", "NS-04", 5, 2, 1.1),
        ("Oakmere", "NS-05", 2, 3, 0.9),
        ("Pellham Yards", "NS-06", 3, 2, 0.3),
    ),
    (
        ("Riverbend", "RF-01", 7, 1, 0.95),
        ("Dockside", "RF-02", 5, 1, 0.85),
        ("Salt Creek", "RF-03", 3, 2, 1.2),
        ("Marigold Terrace", "RF-04", 4, 2, 0.35),
        ("Old Ferry", "RF-05", 2, 3, 1.0),
        ("Garnet Hill", "RF-06", 6, 1, 0.9),
    ),
    (
        ("Eastgate Commons", "EG-01", 8, 1, 1.0),
        ("Tanner Park", "EG-02", 5, 1, 0.9),
        ("Wickham", "EG-03", 3, 2, 0.4),
        ("Brightwater", "EG-04", 4, 2, 1.05),
        ("Sycamore Court", "EG-05", 2, 3, 0.8),
        ("Kestrel Point", "EG-06", 6, 1, 0.95),
    ),
)

# Six districts around a team's centre (km), roughly a ring with one in the middle.
SLOTS = ((0.0, 0.0), (1.7, 0.3), (0.9, 1.6), (-0.9, 1.5), (-1.7, -0.2), (0.2, -1.6))

# Staff (never participants: those appear only as program codes like P-1042).
ADMINS = (("morgan", "Morgan Ellis"), ("priya", "Priya Natarajan"))
LEADS = (("dana", "Dana Whitfield"), ("marcus", "Marcus Bell"), ("rosa", "Rosa Quintero"))
WORKERS = (
    (("andre", "Andre Coleman"), ("keisha", "Keisha Grant"), ("tomas", "Tomas Reyes")),
    (("jamal", "Jamal Price"), ("lena", "Lena Hoffman"), ("devon", "Devon Marsh")),
    (("nia", "Nia Brooks"), ("omar", "Omar Haddad"), ("shawn", "Shawn Ortiz")),
)
# Which of its team's six neighborhoods each worker holds. Nobody holds NS-06, RF-04 or EG-03,
# one reason they are the clearly under-covered ones.
HOLDINGS = (
    ((0, 1), (2, 3), (4, 0)),
    ((0, 1), (2, 4), (5, 0)),
    ((0, 1), (3, 4), (5, 1)),
)
#: The worker whose phone stopped syncing (team index, worker index), and how long ago.
SILENT_WORKER = (1, 1)
SILENT_DAYS = 9

WORDS = (
    "amber", "birch", "cobalt", "copper", "delta", "ember", "falcon", "garnet", "harbor",
    "indigo", "juniper", "lantern", "maple", "meadow", "orchid", "pepper", "quartz", "raven",
    "saffron", "timber", "velvet", "willow", "yonder", "zephyr",
)  # fmt: skip


@dataclass
class Place:
    """A generated neighborhood: its fields, and where visits to it happen."""

    id: str
    team: int
    name: str
    code: str
    target: int
    priority: int
    coverage: float
    centre: tuple[float, float]  # lat, lon
    radius_km: float
    geometry: dict
    program_started_on: date | None
    team_id: str = ""
    organization_id: str = ""


def km_to_degrees(east_km: float, north_km: float) -> tuple[float, float]:
    """(lat, lon) offsets of a displacement, near the city."""
    lat = north_km / KM_PER_DEGREE_LAT
    lon = east_km / (KM_PER_DEGREE_LAT * math.cos(math.radians(CITY_CENTRE[0])))
    return lat, lon


def outline(rng: DemoRandom, centre: tuple[float, float], radius_km: float) -> dict:
    """An irregular closed polygon: 9-14 vertices at jittered angles and radii."""
    count = rng.randint(9, 14)
    step = 2 * math.pi / count
    start = rng.uniform(0, step)
    ring = []
    for i in range(count):
        angle = start + i * step + rng.uniform(-0.3, 0.3) * step
        reach = radius_km * rng.uniform(0.65, 1.0)
        dlat, dlon = km_to_degrees(reach * math.cos(angle), reach * math.sin(angle))
        ring.append([round(centre[1] + dlon, 6), round(centre[0] + dlat, 6)])
    ring.append(list(ring[0]))
    return {"type": "Polygon", "coordinates": [ring]}


def point_in(rng: DemoRandom, place: Place) -> tuple[float, float]:
    """A plausible GPS fix inside a neighborhood (well within its outline)."""
    angle = rng.uniform(0, 2 * math.pi)
    reach = place.radius_km * 0.55 * math.sqrt(rng.random())
    dlat, dlon = km_to_degrees(reach * math.cos(angle), reach * math.sin(angle))
    return round(place.centre[0] + dlat, 6), round(place.centre[1] + dlon, 6)


def _program_start(rng: DemoRandom, index: int, today: date) -> date | None:
    # Most places have a start date on record; one started three weeks ago (its coverage
    # begins then), a few have none entered.
    if index in (5, 11):
        return None
    if index == 13:
        return today - timedelta(days=21)
    return today - timedelta(days=rng.randint(120, 900))


def places(rng: DemoRandom, today: date) -> list[Place]:
    """The 18 neighborhoods, with outlines around their district centres."""
    found = []
    for team, (_, _, team_centre) in enumerate(TEAMS):
        for slot, spec in enumerate(NEIGHBORHOODS[team]):
            name, code, target, priority, coverage = spec
            east = team_centre[0] + SLOTS[slot][0] + rng.uniform(-0.2, 0.2)
            north = team_centre[1] + SLOTS[slot][1] + rng.uniform(-0.2, 0.2)
            dlat, dlon = km_to_degrees(east, north)
            centre = (CITY_CENTRE[0] + dlat, CITY_CENTRE[1] + dlon)
            radius = rng.uniform(0.75, 0.95)
            found.append(
                Place(
                    id=rng.uuid(),
                    team=team,
                    name=name,
                    code=code,
                    target=target,
                    priority=priority,
                    coverage=coverage,
                    centre=centre,
                    radius_km=radius,
                    geometry=outline(rng, centre, radius),
                    program_started_on=_program_start(rng, len(found), today),
                )
            )
    return found


def password(rng: DemoRandom) -> str:
    """A readable demo password, e.g. ``maple-raven-42`` (at least 10 characters)."""
    first, second = rng.sample(WORDS, 2)
    return f"{first}-{second}-{rng.randint(10, 99)}"
