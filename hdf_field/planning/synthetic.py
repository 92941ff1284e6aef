"""Reproducible synthetic instances for tests and benchmarks (no real organisation in them)."""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta

import numpy as np

from hdf_field.domain.regions import AREA_BY_DEPARTEMENT
from hdf_field.planning.inputs import OfficerSpec, Prospect
from hdf_field.planning.model import Place
from hdf_field.planning.problem import DayProblem, Lunch
from hdf_field.planning.travel import CrowFliesModel

# Towns of the region (approximate town-centre coordinates), département and a weight that
# roughly follows the number of establishments around them.
TOWNS: tuple[tuple[str, float, float, str, float], ...] = (
    ("Lille", 50.6312, 3.0707, "59", 10.0),
    ("Roubaix", 50.6901, 3.1817, "59", 3.0),
    ("Tourcoing", 50.7239, 3.1612, "59", 2.5),
    ("Villeneuve-d'Ascq", 50.6233, 3.1450, "59", 2.5),
    ("Dunkerque", 51.0344, 2.3768, "59", 3.0),
    ("Valenciennes", 50.3579, 3.5235, "59", 3.0),
    ("Douai", 50.3700, 3.0797, "59", 2.0),
    ("Cambrai", 50.1759, 3.2345, "59", 1.5),
    ("Maubeuge", 50.2775, 3.9734, "59", 1.5),
    ("Hazebrouck", 50.7237, 2.5388, "59", 1.0),
    ("Arras", 50.2910, 2.7775, "62", 2.5),
    ("Lens", 50.4322, 2.8333, "62", 2.5),
    ("Béthune", 50.5303, 2.6408, "62", 2.0),
    ("Calais", 50.9513, 1.8587, "62", 2.0),
    ("Boulogne-sur-Mer", 50.7264, 1.6147, "62", 2.0),
    ("Saint-Omer", 50.7500, 2.2522, "62", 1.5),
    ("Montreuil", 50.4640, 1.7633, "62", 0.5),
    ("Amiens", 49.8941, 2.2958, "80", 4.0),
    ("Abbeville", 50.1054, 1.8357, "80", 1.0),
    ("Péronne", 49.9321, 2.9363, "80", 0.5),
    ("Montdidier", 49.6482, 2.5695, "80", 0.4),
    ("Beauvais", 49.4303, 2.0807, "60", 2.0),
    ("Compiègne", 49.4179, 2.8261, "60", 2.0),
    ("Creil", 49.2597, 2.4744, "60", 1.5),
    ("Senlis", 49.2072, 2.5867, "60", 0.8),
    ("Noyon", 49.5817, 2.9992, "60", 0.5),
    ("Saint-Quentin", 49.8465, 3.2876, "02", 1.8),
    ("Laon", 49.5641, 3.6199, "02", 1.0),
    ("Soissons", 49.3817, 3.3236, "02", 1.0),
    ("Château-Thierry", 49.0464, 3.4030, "02", 0.6),
    ("Hirson", 49.9217, 4.0839, "02", 0.4),
)

WEEKDAY_HOURS = [["08:30", "12:00"], ["14:00", "18:00"]]


def opening_hours_for(rng: random.Random) -> dict[str, list[list[str]]]:
    """Mostly office hours, some continuous days, some closed days, a few mornings only."""
    roll = rng.random()
    if roll < 0.55:
        return {str(d): [list(x) for x in WEEKDAY_HOURS] for d in range(1, 6)}
    if roll < 0.75:
        return {str(d): [["09:00", "17:00"]] for d in range(1, 6)}
    if roll < 0.9:
        closed = rng.randint(1, 5)
        return {str(d): [list(x) for x in WEEKDAY_HOURS] for d in range(1, 6) if d != closed}
    return {str(d): [["08:00", "12:30"]] for d in range(1, 6)}


def synthetic_prospects(n: int, seed: int = 0) -> list[Prospect]:
    rng = random.Random(seed)
    weights = [t[4] for t in TOWNS]
    out: list[Prospect] = []
    for k in range(n):
        name, lat, lon, dep, _w = rng.choices(TOWNS, weights)[0]
        # spread: ~8 km around the town centre, a quarter of them in the countryside (~20 km)
        spread = 0.18 if rng.random() < 0.25 else 0.07
        plat = lat + rng.gauss(0, spread * 0.65)
        plon = lon + rng.gauss(0, spread)
        out.append(
            Prospect(
                id=str(uuid.UUID(int=rng.getrandbits(128))),
                name=f"Prospect {k + 1} ({name})",
                lat=plat,
                lon=plon,
                value=round(rng.choice([1, 1, 1, 2, 2, 3, 5]) * (0.8 + 0.4 * rng.random()), 2),
                duration_min=rng.choice([45, 60, 60, 60, 90]),
                opening_hours=opening_hours_for(rng),
                departement=dep,
                area=AREA_BY_DEPARTEMENT[dep].value,
                address=f"{name}",
            )
        )
    return out


OFFICER_BASES = (
    ("Lille", "59"),
    ("Dunkerque", "59"),
    ("Valenciennes", "59"),
    ("Arras", "62"),
    ("Boulogne-sur-Mer", "62"),
    ("Lens", "62"),
    ("Amiens", "80"),
    ("Abbeville", "80"),
    ("Beauvais", "60"),
    ("Compiègne", "60"),
    ("Saint-Quentin", "02"),
    ("Laon", "02"),
)


def synthetic_officers(n: int) -> list[OfficerSpec]:
    towns = {t[0]: t for t in TOWNS}
    out: list[OfficerSpec] = []
    for k in range(n):
        town, dep = OFFICER_BASES[k % len(OFFICER_BASES)]
        _name, lat, lon, _dep, _w = towns[town]
        out.append(
            OfficerSpec(
                id=f"officer-{k + 1}",
                name=f"Chargé de mission {k + 1} ({town})",
                home=Place(town, lat, lon),
            )
        )
    return out


def random_day_problem(
    seed: int, n: int, *, lunch: bool = True, windows: bool = True
) -> DayProblem:
    """A random day around a base: n visits within ~25 km, office-hours-like windows."""
    rng = np.random.default_rng(seed)
    pts = [(50.5, 2.8)] + [
        (50.5 + rng.normal(0, 0.12), 2.8 + rng.normal(0, 0.18)) for _ in range(n)
    ]
    secs, metres = CrowFliesModel().matrix(pts + [pts[0]])
    travel = [[int(round(x)) for x in row] for row in secs]
    service = [0] + [int(rng.choice([30, 45, 60])) * 60 for _ in range(n)] + [0]
    wins: list[tuple[tuple[int, int], ...]] = [((0, 86400),)]
    for i in range(n):
        if not windows:
            wins.append(((0, 86400),))
            continue
        kind = rng.integers(0, 4)
        s = service[i + 1]
        if kind == 0:
            wins.append(((8 * 3600 + 1800, 12 * 3600 - s), (14 * 3600, 18 * 3600 - s)))
        elif kind == 1:
            wins.append(((9 * 3600, 17 * 3600 - s),))
        elif kind == 2:
            wins.append(((8 * 3600, 12 * 3600 + 1800 - s),))
        else:
            h = int(rng.integers(9, 16))
            wins.append(((h * 3600, h * 3600 + 1800),))
    wins.append(((0, 86400),))
    value = [0.0] + [float(rng.integers(1, 6)) for _ in range(n)] + [0.0]
    return DayProblem(
        travel=travel,
        service=service,
        windows=wins,
        value=value,
        required=[False] * (n + 2),
        day_start=8 * 3600 + 1800,
        day_end=17 * 3600 + 1800,
        lunch=Lunch(11 * 3600 + 45 * 60, 12 * 3600 + 45 * 60, 45 * 60) if lunch else None,
        metres=[[int(round(x)) for x in row] for row in metres],
    )


def working_days(start: date, weeks: int, iso_days: list[int]) -> list[date]:
    return [
        d for k in range(weeks * 7) if (d := start + timedelta(days=k)).isoweekday() in iso_days
    ]
