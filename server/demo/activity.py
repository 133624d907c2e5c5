"""Six weeks of field work in the demo region, with the rhythms leads look for.

Outreach happens in the evening and at night (most visits start 17:00-02:00 local), more on
Fridays and Saturdays; school and home visits happen by day. Each neighborhood gets about
its target times its ``coverage`` factor, so a few are visibly under-covered. Mediations come
out of night presence, with risk and outcome mixes that hang together (an imminent conflict
is rarely simply resolved). Notes name nobody: people appear as program codes.
"""

import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .region import DemoRandom, Place, point_in

# Monday .. Sunday, relative presence; Friday and Saturday nights are the busy ones.
DAY_WEIGHTS = (0.8, 0.8, 0.9, 1.0, 1.5, 1.6, 1.0)
DAY_NORM = sum(DAY_WEIGHTS) / 7
HOUR_WEIGHTS = {
    **{0: 6, 1: 4, 2: 2, 3: 1, 4: 0.3, 5: 0.2, 6: 0.2, 7: 0.3, 8: 0.5, 9: 1, 10: 1.5},
    **{11: 1.5, 12: 1.5, 13: 1.5, 14: 2, 15: 2.5, 16: 3, 17: 5, 18: 7, 19: 9, 20: 10},
    **{21: 10, 22: 9, 23: 8},
}
NIGHT_KINDS = {
    "street_presence": 60,
    "follow_up": 8,
    "scene_response": 8,
    "hospital_response": 7,
    "home_visit": 7,
    "community_event": 4,
    "other": 3,
}
WEEKDAY_KINDS = {
    "street_presence": 35,
    "home_visit": 18,
    "follow_up": 15,
    "school": 15,
    "community_event": 7,
    "hospital_response": 5,
    "other": 5,
}
WEEKEND_KINDS = {
    "street_presence": 45,
    "community_event": 20,
    "home_visit": 15,
    "follow_up": 10,
    "hospital_response": 5,
    "other": 5,
}
DURATIONS = {
    "street_presence": (30, 150),
    "home_visit": (20, 60),
    "follow_up": (15, 45),
    "school": (30, 90),
    "community_event": (60, 180),
    "hospital_response": (45, 180),
    "scene_response": (20, 90),
    "other": (15, 60),
}
PEOPLE = {
    "home_visit": (1, 4),
    "follow_up": (1, 2),
    "school": (5, 30),
    "community_event": (12, 60),
    "hospital_response": (1, 6),
    "scene_response": (2, 15),
    "other": (0, 5),
}
VISIT_NOTES = (
    "Quiet on the block tonight; checked in with the store owner.",
    "Talked with {p} near the corner store; agreed to check in Friday.",
    "Group of about {n} at the park, calm. Handed out job-training flyers.",
    "Checked in with {p} after hospital discharge; family asked about counseling.",
    "Followed up with {p} on the housing referral; intake is next week.",
    "Tension between two groups on {street}; will come back tomorrow night.",
    "{p} says things cooled down since the weekend.",
    "Walked {street} with {p2}; introduced them to the CBT group facilitator.",
    "Rumors online about a fight after the game; staying close to {street}.",
    "Dropped off GED class schedule for {p}.",
)
MEDIATION_NOTES = (
    "{p} and {p2}: dispute over a car; agreed to stay apart this weekend.",
    "Online beef from a video; met both sides separately. Follow up with {p}.",
    "Argument at the gas station on {street} settled before it spread.",
    "Retaliation talk after last week's shooting; {p} agreed to step back. Lead informed.",
    "Money owed between {p} and {p2}; set up a sit-down with an elder.",
    "Two groups at the courts on {street}; cooled it down, will return Saturday.",
    "Family argument spilling outside; {p} referred to counseling.",
)
STREETS = ("Alder St", "Kiln Ave", "Wharf Rd", "Tollgate Ave", "Pell St", "Orchard Ln")
CONFLICTS = {
    "group": 25,
    "interpersonal": 25,
    "retaliation": 15,
    "social_media": 15,
    "domestic": 8,
    "business": 7,
    "other": 5,
}
RISKS = {"low": 30, "medium": 40, "high": 22, "imminent": 8}
OUTCOMES_BY_RISK = {
    "low": {"resolved": 60, "temporarily_resolved": 25, "referred": 10, "ongoing": 5},
    "medium": {"resolved": 40, "temporarily_resolved": 30, "ongoing": 15, "referred": 10,
               "escalated": 5},
    "high": {"resolved": 20, "temporarily_resolved": 35, "ongoing": 25, "escalated": 10,
             "referred": 10},
    "imminent": {"temporarily_resolved": 40, "ongoing": 25, "escalated": 20, "resolved": 10,
                 "referred": 5},
}  # fmt: skip
WEAPONS_BY_RISK = {
    "low": {"no": 75, "unknown": 22, "yes": 3},
    "medium": {"no": 55, "unknown": 35, "yes": 10},
    "high": {"no": 30, "unknown": 40, "yes": 30},
    "imminent": {"no": 15, "unknown": 40, "yes": 45},
}
MEDIATION_CHANCE = {
    "scene_response": 0.5,
    "street_presence": 0.16,
    "hospital_response": 0.2,
    "community_event": 0.08,
}


@dataclass
class Worker:
    """A demo worker as the generator needs them."""

    id: str
    team: int
    holds: list[int]  # indices into the places list
    silent_since: datetime | None = None  # naive UTC; nothing reached the server after it
    last_received: datetime | None = field(default=None)


def poisson(rng: DemoRandom, mean: float) -> int:
    """Knuth's method; the means here are small (under 3 a day)."""
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def _code(rng: DemoRandom) -> str:
    return f"P-{rng.randint(1000, 4999)}"


def _note(rng: DemoRandom, templates, chance: float) -> str:
    if rng.random() > chance:
        return ""
    return rng.choice(templates).format(
        p=_code(rng), p2=_code(rng), n=rng.randint(4, 12), street=rng.choice(STREETS)
    )


class Generator:
    """Makes the visit and mediation rows of the demo period, in plain dicts."""

    def __init__(self, rng: DemoRandom, places: list[Place], workers: list[Worker], tz: str):
        self.rng, self.places, self.workers = rng, places, workers
        self.tz = ZoneInfo(tz)
        self.visits, self.mediations = [], []

    def utc(self, local: datetime) -> datetime:
        return local.replace(tzinfo=self.tz).astimezone(UTC).replace(tzinfo=None)

    def local_date(self, instant: datetime) -> date:
        return instant.replace(tzinfo=UTC).astimezone(self.tz).date()

    def run(self, first_day: date, today: date, now: datetime) -> None:
        day = first_day
        while day <= today:
            for index, place in enumerate(self.places):
                if place.program_started_on and day < place.program_started_on:
                    continue
                mean = place.target * place.coverage * DAY_WEIGHTS[day.weekday()] / DAY_NORM / 7
                for _ in range(poisson(self.rng, mean)):
                    self.visit(index, day, now)
            day += timedelta(days=1)

    def _worker(self, index: int) -> Worker:
        team = [w for w in self.workers if w.team == self.places[index].team]
        holders = [w for w in team if index in w.holds]
        pool = holders if holders and self.rng.random() < 0.8 else team
        return self.rng.choice(pool)

    def _received(self, worker: Worker, done: datetime, now: datetime) -> datetime:
        """When the server got the record: soon after, or hours later when out of signal."""
        late = self.rng.random() < 0.1
        lag = self.rng.uniform(2, 14) * 60 if late else self.rng.expovariate(1 / 40)
        received = min(done + timedelta(minutes=lag), now)
        if worker.silent_since:
            received = min(received, worker.silent_since)
        worker.last_received = max(received, worker.last_received or received)
        return received

    def visit(self, index: int, day: date, now: datetime) -> None:
        rng, place = self.rng, self.places[index]
        hour = rng.weighted(HOUR_WEIGHTS)
        # After midnight still belongs to the evening before: Friday night runs into Saturday.
        when = day + timedelta(days=1) if hour < 6 else day
        started = self.utc(datetime.combine(when, time(hour, rng.randrange(0, 60, 5))))
        worker = self._worker(index)
        if started > now or (worker.silent_since and started > worker.silent_since):
            return
        night = hour >= 17 or hour < 6
        weekend = when.weekday() >= 5
        kinds = NIGHT_KINDS if night else WEEKEND_KINDS if weekend else WEEKDAY_KINDS
        kind = rng.weighted(kinds)
        low, high = DURATIONS[kind]
        duration = rng.randrange(low, high + 1, 5)
        if kind in PEOPLE:
            people = rng.randint(*PEOPLE[kind])
        else:
            people = min(int(rng.expovariate(1 / 4)), 25)
        row = self._common(worker, place, started, duration, now)
        row.update(
            started_at=started,
            duration_minutes=duration,
            kind=kind,
            people_engaged=people,
            notes=_note(rng, VISIT_NOTES, 0.55),
        )
        self.visits.append(row)
        if night and rng.random() < MEDIATION_CHANCE.get(kind, 0):
            self.mediation(worker, place, started, duration, now)

    def _common(self, worker, place, started, minutes, now) -> dict:
        rng = self.rng
        located = rng.random() < 0.85
        lat, lon = point_in(rng, place) if located else (None, None)
        received = self._received(worker, started + timedelta(minutes=minutes), now)
        return {
            "id": rng.uuid(),
            "team_id": place.team_id,
            "organization_id": place.organization_id,
            "neighborhood_id": place.id,
            "worker_id": worker.id,
            "location_lat": lat,
            "location_lon": lon,
            "location_accuracy_m": round(rng.uniform(4, 45), 1) if located else None,
            "needs_review": rng.random() < 0.02,
            "created_at": received,
            "updated_at": received,
        }

    def mediation(self, worker, place, visit_started, visit_minutes, now) -> None:
        rng = self.rng
        occurred = visit_started + timedelta(minutes=rng.randint(0, max(visit_minutes - 10, 0)))
        if occurred > now:
            return
        conflict = rng.weighted(CONFLICTS)
        risk = rng.weighted(RISKS)
        # DESIGN's default is 72 hours; leads pull high-risk follow-ups in to the next day.
        days = 1 if risk in ("high", "imminent") else 3
        row = self._common(worker, place, occurred, 30, now)
        row.update(
            occurred_at=occurred,
            conflict_type=conflict,
            parties_count=rng.randint(3, 8) if conflict == "group" else rng.choice((2, 2, 2, 3)),
            weapons_present=rng.weighted(WEAPONS_BY_RISK[risk]),
            risk_level=risk,
            outcome=rng.weighted(OUTCOMES_BY_RISK[risk]),
            follow_up_due=self.local_date(occurred) + timedelta(days=days),
            notes=_note(rng, MEDIATION_NOTES, 0.8),
        )
        self.mediations.append(row)
