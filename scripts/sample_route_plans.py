"""Render sample route plans into out/ so people can look at them (and judge them on paper).

    PYTHONPATH=$PWD python scripts/sample_route_plans.py [--lang fr|en] [--no-outlines]

Writes out/day_amiens.pdf (6 stops around Amiens), out/day_25_stops.pdf, out/week_pack.pdf,
out/manager_summary.pdf and out/plans.ics, with the gazetteer's commune and département outlines
as the map background (or none with --no-outlines).
"""

from __future__ import annotations

import argparse
import math
import random
import time
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from hdf_field.geo.gazetteer import load_gazetteer
from hdf_field.planning.model import CampaignPlan, DayPlan, Place, PlannedStop, Unserved
from hdf_field.reports.day_sheet import render_day_plan
from hdf_field.reports.ics import plan_to_ics
from hdf_field.reports.manager_summary import render_manager_summary
from hdf_field.reports.plan_map import Basemap
from hdf_field.reports.week_pack import render_week_pack

PARIS = ZoneInfo("Europe/Paris")
OUT = Path(__file__).resolve().parent.parent / "out"


def _outlines_from_gazetteer() -> dict[str, Any]:
    gazetteer = load_gazetteer()
    return {
        "commune": gazetteer.outlines("commune"),
        "departement": gazetteer.outlines("departement"),
    }


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Road distance guess: great circle × 1.3 (the sample has no road network)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(h)) * 1.3


def make_day(
    officer_id: str,
    officer: str,
    day: date,
    start: Place,
    visits: Sequence[dict[str, Any]],
    *,
    leave: str = "08:30",
    visit_min: float = 45,
    unserved: Sequence[Unserved] = (),
) -> DayPlan:
    """Times and distances consistent with a 50 km/h average, as a solver would give."""
    now = datetime.combine(day, datetime.strptime(leave, "%H:%M").time(), PARIS)
    here = (start.lat, start.lon)
    stops: list[PlannedStop] = []
    total_km = 0.0
    total_drive = 0.0
    for order, v in enumerate(visits, start=1):
        dist = _km(here, (v["lat"], v["lon"]))
        drive = max(4.0, dist / 50 * 60)
        arrival = now + timedelta(minutes=round(drive))
        begin = arrival
        if "at" in v:
            fixed_at = datetime.combine(day, datetime.strptime(v["at"], "%H:%M").time(), PARIS)
            begin = max(arrival, fixed_at)
        departure = begin + timedelta(minutes=v.get("duration", visit_min))
        stops.append(
            PlannedStop(
                order=order,
                organisation_id=v.get("id", f"org-{officer_id}-{day:%j}-{order}"),
                name=v["name"],
                address=v["address"],
                lat=v["lat"],
                lon=v["lon"],
                arrival=arrival,
                start=begin,
                departure=departure,
                wait_min=(begin - arrival).total_seconds() / 60,
                drive_min_from_prev=round(drive),
                km_from_prev=round(dist, 1),
                visit_id=v.get("visit_id"),
                fixed="at" in v,
                contact_name=v.get("contact"),
                contact_phone=v.get("phone"),
                purpose=v.get("purpose"),
                orientation_hint=v.get("orientation"),
                last_visit_summary=v.get("last"),
                departement=v.get("departement", "80"),  # the samples are around Amiens
                area=v.get("area", "ex-Picardie"),
            )
        )
        total_km += dist
        total_drive += round(drive)
        now = departure
        here = (v["lat"], v["lon"])
    back_km = _km(here, (start.lat, start.lon))
    back_drive = max(4.0, back_km / 50 * 60)
    return DayPlan(
        officer_id=officer_id,
        officer_name=officer,
        day=day,
        start=start,
        end=start,
        stops=tuple(stops),
        back_at=now + timedelta(minutes=round(back_drive)),
        total_km=round(total_km + back_km, 1),
        total_drive_min=total_drive + round(back_drive),
        unserved=tuple(unserved),
    )


AMIENS = Place(
    "Agence Hauts-de-France Innovation, 15 mail Albert-Ier, 80000 Amiens", 49.8908, 2.2975
)

AMIENS_VISITS: list[dict[str, Any]] = [
    {
        "name": "Mécanique de Précision Picarde SAS",
        "address": "12 rue Joseph-Cugnot, ZI Nord, 80080 Amiens",
        "lat": 49.9232,
        "lon": 2.2858,
        "contact": "Mme Claire Dubois (directrice technique)",
        "phone": "03 22 45 12 80",
        "purpose": "Présenter le pôle et ses appels à projets industrie du futur",
        "orientation": "Pôle Matikem / Industrie du futur : robotisation d'une ligne d'usinage",
        "last": "14/10/2026 – appel : intéressée, souhaite une visite avec le DG.",
    },
    {
        "name": "Lycée professionnel Édouard-Gand",
        "address": "70 boulevard de Saint-Quentin, 80090 Amiens",
        "lat": 49.8797,
        "lon": 2.3050,
        "contact": "M. Olivier Lefèvre (DDFPT)",
        "phone": "03 22 53 49 00",
        "purpose": "Partenariat formation – plateforme technique usinage",
        "orientation": "Campus des métiers et des qualifications Industrie",
        "at": "10:30",
    },
    {
        "name": "Les Jardins de Camon (SCOP)",
        "address": "3 chemin de halage, 80450 Camon",
        "lat": 49.9053,
        "lon": 2.3468,
        "contact": "Julien Martin",
        "phone": "06 12 34 56 78",
        "purpose": "Premier contact : circuits courts et transformation légumière",
        "orientation": "Pôle Clubster NSL / Agroé : qualité alimentaire",
        "last": "Jamais visité. Signalé par la CCI Amiens-Picardie.",
    },
    {
        "name": "Longueau Rail Services",
        "address": "Avenue Henri-Barbusse, 80330 Longueau",
        "lat": 49.8703,
        "lon": 2.3580,
        "contact": "Mme Nadia Benali (RH)",
        "phone": "03 22 46 77 10",
        "purpose": "Besoins en recrutement et en compétences maintenance ferroviaire",
        "orientation": "Pôle i-Trans (ferroviaire, mobilité)",
        "at": "14:00",
    },
    {
        "name": "Agro-Matériaux Innovation & Cie",
        "address": "Parc d'activités de la Vallée des Vignes, 5 rue de la Vallée, 80440 Boves",
        "lat": 49.8456,
        "lon": 2.3913,
        "contact": "Dr. Hugo Vasseur",
        "phone": "03 22 09 87 65",
        "purpose": "Projet collaboratif sur les composites biosourcés (lin, chanvre)",
        "orientation": "Pôle IAR (bioéconomie) ; laboratoire partenaire UPJV",
        "last": "02/06/2026 – rencontré ; attend l'appel à projets régional de l'automne.",
    },
    {
        "name": "Plasturgie Dury SAS",
        "address": "ZA de la Croix-de-Fer, 2 rue de l'Industrie, 80480 Dury",
        "lat": 49.8497,
        "lon": 2.2700,
        "contact": "M. Thomas Caron (gérant)",
        "phone": "03 22 95 20 20",
        "purpose": "Décarbonation : audit énergie et recyclage des chutes",
        "orientation": "Pôle Matikem (matériaux, recyclage)",
        "last": "21/09/2026 – à recontacter après la clôture de l'exercice.",
    },
]

FIRST_NAMES = [
    "Marie",
    "Nicolas",
    "Sophie",
    "Julien",
    "Camille",
    "Antoine",
    "Léa",
    "Hugo",
    "Chloé",
    "Thomas",
    "Inès",
    "Maxime",
    "Élodie",
    "Baptiste",
]
LAST_NAMES = [
    "Lefebvre",
    "Dupont",
    "Leroy",
    "Caron",
    "Lemaire",
    "Fournier",
    "Delattre",
    "Vasseur",
    "Dumont",
    "Lecomte",
    "Boucher",
    "Hénon",
]
KINDS = [
    "Menuiserie",
    "Métallerie",
    "Transports",
    "Bureau d'études",
    "Laboratoire",
    "Coopérative agricole",
    "Boulangerie industrielle",
    "Chaudronnerie",
    "Imprimerie",
    "Atelier textile",
    "Association d'insertion",
    "Lycée technique",
]
TOWNS = [  # (commune, postcode, lat, lon) in the Somme
    ("Abbeville", "80100", 50.1054, 1.8336),
    ("Albert", "80300", 50.0029, 2.6519),
    ("Péronne", "80200", 49.9319, 2.9330),
    ("Doullens", "80600", 50.1573, 2.3405),
    ("Montdidier", "80500", 49.6479, 2.5688),
    ("Ham", "80400", 49.7472, 3.0731),
    ("Corbie", "80800", 49.9085, 2.5094),
    ("Roye", "80700", 49.6970, 2.7895),
    ("Friville-Escarbotin", "80130", 50.0858, 1.5461),
    ("Flixecourt", "80420", 50.0139, 2.0822),
    ("Poix-de-Picardie", "80290", 49.7840, 1.9766),
    ("Villers-Bretonneux", "80800", 49.8681, 2.5186),
]
AMIENS_AREA = [  # close enough to Amiens for 25 short calls in one day
    ("Amiens", "80000", 49.8941, 2.2958),
    ("Rivery", "80136", 49.9036, 2.3240),
    ("Camon", "80450", 49.9075, 2.3455),
    ("Longueau", "80330", 49.8710, 2.3570),
    ("Salouël", "80480", 49.8697, 2.2440),
    ("Dury", "80480", 49.8490, 2.2690),
    ("Boves", "80440", 49.8460, 2.3900),
    ("Saleux", "80480", 49.8570, 2.2330),
    ("Pont-de-Metz", "80480", 49.8780, 2.2440),
    ("Cagny", "80330", 49.8530, 2.3420),
    ("Poulainville", "80260", 49.9450, 2.3140),
    ("Querrieu", "80115", 49.9390, 2.4280),
]
STREETS = ["Jean-Jaurès", "de la Gare", "Pasteur", "du Général-Leclerc", "Victor-Hugo"]
PURPOSES = [
    "Présentation du pôle",
    "Suivi du projet de R&D",
    "Besoins de recrutement",
    "Transition numérique de l'atelier",
    "Export vers la Belgique",
    "Adhésion au cluster",
]


def random_visits(
    n: int, rng: random.Random, towns: Sequence[tuple[str, str, float, float]], spread: float = 0.02
) -> list[dict[str, Any]]:
    out = []
    for k in range(n):
        town, cp, lat, lon = towns[k % len(towns)]
        lat += rng.uniform(-spread, spread)
        lon += rng.uniform(-1.5 * spread, 1.5 * spread)
        person = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        visit = {
            "name": f"{rng.choice(KINDS)} {rng.choice(LAST_NAMES)}",
            "address": f"{rng.randint(1, 120)} rue {rng.choice(STREETS)}, {cp} {town}",
            "lat": lat,
            "lon": lon,
            "contact": person,
            "phone": f"03 22 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
            "purpose": rng.choice(PURPOSES),
            "orientation": rng.choice(
                ["Pôle i-Trans", "Pôle IAR", "Matikem", "Euramaterials", "Clubster NSL"]
            ),
        }
        if k % 3 == 0:
            visit["last"] = (
                f"{rng.randint(1, 28):02d}/0{rng.randint(1, 9)}/2026 – rencontré, "
                "sans suite pour l'instant."
            )
        out.append(visit)
    return out


def order_by_sweep(visits: list[dict[str, Any]], centre: Place) -> list[dict[str, Any]]:
    """A plausible driving order for the sample: sweep around the start."""
    return sorted(visits, key=lambda v: math.atan2(v["lat"] - centre.lat, v["lon"] - centre.lon))


def build_samples() -> dict[str, Any]:
    rng = random.Random(2026)
    tuesday = date(2026, 12, 1)
    day6 = make_day(
        "off-1",
        "Camille Lefèvre",
        tuesday,
        AMIENS,
        AMIENS_VISITS,
        unserved=(
            Unserved("org-x1", "Boulangerie Industrielle du Santerre", "Fermé le mardi"),
            Unserved(
                "org-x2", "Transports Hénon & Fils", "Ne tient pas dans la journée (fin à 18:00)"
            ),
        ),
    )
    visits25 = order_by_sweep(random_visits(25, rng, AMIENS_AREA, spread=0.006), AMIENS)
    day25 = make_day(
        "off-1", "Camille Lefèvre", date(2026, 12, 2), AMIENS, visits25, leave="08:00", visit_min=12
    )
    week = [day6, day25]
    for k in range(3):
        sub = TOWNS[k * 4 : k * 4 + 4]
        visits = order_by_sweep(random_visits(5, rng, sub), AMIENS)
        week.append(
            make_day("off-1", "Camille Lefèvre", tuesday + timedelta(days=2 + k), AMIENS, visits)
        )
    bases = {
        "off-2": (
            "Mehdi Ouali",
            Place(
                "Antenne de Lille, 40 rue Eugène-Jacquet, 59700 Marcq-en-Barœul", 50.6668, 3.0936
            ),
            [
                ("Lille", "59000", 50.6292, 3.0573),
                ("Roubaix", "59100", 50.6942, 3.1746),
                ("Tourcoing", "59200", 50.7239, 3.1612),
                ("Villeneuve-d'Ascq", "59650", 50.6233, 3.1450),
                ("Armentières", "59280", 50.6880, 2.8800),
                ("Seclin", "59113", 50.5486, 3.0299),
            ],
        ),
        "off-3": (
            "Sophie Delattre",
            Place("Antenne d'Arras, 1 rue de la Gare, 62000 Arras", 50.2870, 2.7810),
            [
                ("Arras", "62000", 50.2910, 2.7775),
                ("Lens", "62300", 50.4329, 2.8277),
                ("Béthune", "62400", 50.5303, 2.6406),
                ("Saint-Omer", "62500", 50.7500, 2.2520),
                ("Boulogne-sur-Mer", "62200", 50.7264, 1.6147),
                ("Calais", "62100", 50.9513, 1.8587),
            ],
        ),
        "off-4": (
            "Antoine Lemaire",
            Place("Antenne de Beauvais, 2 rue Jean-Racine, 60000 Beauvais", 49.4300, 2.0800),
            [
                ("Beauvais", "60000", 49.4300, 2.0810),
                ("Compiègne", "60200", 49.4179, 2.8261),
                ("Creil", "60100", 49.2600, 2.4750),
                ("Saint-Quentin", "02100", 49.8465, 3.2876),
                ("Soissons", "02200", 49.3817, 3.3236),
                ("Laon", "02000", 49.5641, 3.6199),
            ],
        ),
    }
    campaign_days = list(week)
    for oid, (name, base, towns) in bases.items():
        for k in range(5):
            sub = [towns[(k + j) % len(towns)] for j in range(2)]
            visits = order_by_sweep(random_visits(rng.randint(4, 7), rng, sub), base)
            campaign_days.append(
                make_day(oid, name, tuesday - timedelta(days=1) + timedelta(days=k), base, visits)
            )
    for k in range(5):
        sub = [TOWNS[(k * 2 + j) % len(TOWNS)] for j in range(2)]
        visits = order_by_sweep(random_visits(rng.randint(4, 6), rng, sub), AMIENS)
        campaign_days.append(
            make_day("off-1", "Camille Lefèvre", tuesday + timedelta(days=6 + k), AMIENS, visits)
        )
    campaign = CampaignPlan(
        start=tuesday - timedelta(days=1),
        weeks=2,
        days=tuple(campaign_days),
        unserved=(
            Unserved(
                "org-z", "SARL Côte d'Opale Embal", "Aucun créneau compatible avec ses horaires"
            ),
        ),
    )
    return {"day6": day6, "day25": day25, "week": week, "campaign": campaign}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="fr", choices=["fr", "en"])
    parser.add_argument("--no-outlines", action="store_true")
    args = parser.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    t0 = time.perf_counter()
    outlines = None
    if not args.no_outlines:
        outlines = _outlines_from_gazetteer()
    basemap = Basemap.from_outlines(outlines)
    print(f"outlines ready in {time.perf_counter() - t0:.1f} s")
    samples = build_samples()
    suffix = "" if args.lang == "fr" else "_en"
    jobs = {
        f"day_amiens{suffix}.pdf": lambda: render_day_plan(
            samples["day6"], outlines=basemap, lang=args.lang
        ),
        f"day_25_stops{suffix}.pdf": lambda: render_day_plan(
            samples["day25"], outlines=basemap, lang=args.lang
        ),
        f"week_pack{suffix}.pdf": lambda: render_week_pack(
            samples["week"], outlines=basemap, lang=args.lang
        ),
        f"manager_summary{suffix}.pdf": lambda: render_manager_summary(
            samples["campaign"], outlines=basemap, lang=args.lang
        ),
    }
    for name, job in jobs.items():
        t = time.perf_counter()
        data = job()
        (OUT / name).write_bytes(data)
        print(f"{name}: {len(data) / 1024:.0f} KB in {time.perf_counter() - t:.2f} s")
    (OUT / "plans.ics").write_text(plan_to_ics(samples["week"]), encoding="utf-8", newline="")
    print(f"plans.ics written to {OUT}")


if __name__ == "__main__":
    main()
