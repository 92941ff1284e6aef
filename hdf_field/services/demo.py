"""A synthetic, reproducible campaign region to learn and test the app on.

Everything comes from one seeded random generator, ids included, so the same seed (and the
same ``today``) gives byte-identical rows: a bug seen on one laptop can be replayed on
another. The data is labelled synthetic everywhere it can be seen: ``source="demo"`` and the
tag ``démo`` on every organisation, an ``AppMeta`` entry ``demo``, invented names, e-mail
domains under the reserved ``.example`` top-level domain, and phone numbers from the ranges
ARCEP reserves for fiction (03 53 01 xx xx, 06 39 98 xx xx).

SIRETs are valid (Luhn) but start with ``000``: INSEE attributes SIRENs from ``100 000 000``
upwards, so a demo SIRET can never be mistaken for, or collide with, a real establishment
imported later.
"""

from __future__ import annotations

import bisect
import heapq
import math
import random
import time
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from hdf_field.domain.enums import (
    Area,
    FollowUpStatus,
    FunnelStatus,
    GeoPrecision,
    LegalBasis,
    OrgKind,
    Role,
    VisitOutcome,
    VisitStatus,
)
from hdf_field.domain.errors import HdfFieldError
from hdf_field.domain.identifiers import luhn_complete
from hdf_field.domain.naf import naf_label
from hdf_field.domain.orientation import ClusterProfile, OrgProfile, great_circle_km, orient
from hdf_field.domain.progress import CancelToken, Progress, check, report
from hdf_field.domain.regions import area_of_departement
from hdf_field.services.demo_catalogue import (
    BELGIAN_BORDER_KM,
    BELGIAN_BORDER_TOWNS,
    BELGIAN_SHARE,
    ENDINGS,
    FIRST_NAMES,
    LEGAL_FORMS,
    OFFICERS,
    OPENING_HOURS,
    ROLES,
    SECTORS,
    STREETS,
    SURNAMES,
    SYLLABLES,
    WORKFORCE_BANDS,
    Sector,
)
from hdf_field.storage.database import Database
from hdf_field.storage.orm import (
    AppMeta,
    Base,
    Contact,
    FollowUp,
    Officer,
    Organisation,
    Visit,
)
from hdf_field.storage.queries import Session
from hdf_field.storage.queries.demo import delete_demo_records, insert_rows, row_counts
from hdf_field.storage.uow import UnitOfWork

if TYPE_CHECKING:
    from hdf_field.geo.gazetteer import Commune, Gazetteer

DEMO_SOURCE = "demo"
DEMO_TAG = "démo"
DEMO_META_KEY = "demo"
OFFICER_EMAIL_DOMAIN = "hdf-field-demo.example"
ACTOR = "demo"
PARIS = ZoneInfo("Europe/Paris")
HISTORY_WEEKS = 6
PLANNED_WORKING_DAYS = 10
MAX_PROSPECTS = 90_000  # SIREN bodies available under the 000 prefix, with room to spare
BATCH = 2000

# Demo progress is in thousandths of the whole job, the label naming the stage.
DEMO_STEPS = 1000


class DemoRefused(HdfFieldError):
    """The database already holds data and the caller did not ask to replace the demo."""


@dataclass(eq=False)
class _Org:
    """Working state of one prospect while its history is drawn."""

    row: dict[str, Any]
    sector: Sector
    officer_index: int
    status: FunnelStatus = FunnelStatus.IDENTIFIED
    contact_id: uuid.UUID | None = None


class _Rng:
    """One seeded stream for values and ids, so that a seed fixes everything."""

    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.r.getrandbits(128), version=4)

    def weighted(self, pairs: Sequence[tuple[Any, float]]) -> Any:
        table = _TABLES.get(id(pairs))
        if table is None or table[0] is not pairs:
            table = (pairs, [p[0] for p in pairs], list(accumulate(p[1] for p in pairs)))
            _TABLES[id(pairs)] = table
        _, items, cum = table
        return items[bisect.bisect_right(cum, self.r.random() * cum[-1])]


# Cumulative weights of the catalogue's constant tables, computed once.
_TABLES: dict[int, tuple[Sequence[tuple[Any, float]], list[Any], list[float]]] = {}


def demo_siret(index: int) -> str:
    """The ``index``-th demo SIRET: SIREN ``000`` + 5 digits + check, NIC ``0001`` + check."""
    siren = luhn_complete(f"000{index:05d}")
    return luhn_complete(siren + "0001")


def demo_be_number(index: int) -> str:
    """A Belgian enterprise number passing mod 97, in the unused ``0000``–``0019`` block
    (real numbers start at 0200.000.000)."""
    base = f"00{index:06d}"
    digits = f"{base}{97 - int(base) % 97:02d}"
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"


def _border_postcodes(gazetteer: Gazetteer) -> list[Any]:
    from hdf_field.geo.belgium import load_belgian_postcodes

    table = load_belgian_postcodes()
    towns = [c for c in (gazetteer.commune(i) for i in BELGIAN_BORDER_TOWNS) if c is not None]
    near = []
    for code in table.postcodes():
        entry = table.get(code)
        if entry is not None and any(
            great_circle_km(entry.lat, entry.lon, t.lat, t.lon) <= BELGIAN_BORDER_KM for t in towns
        ):
            near.append(entry)
    return near


def _belgian_street(street: str, number: int) -> str:
    """Belgian addresses put the number after the street name."""
    return f"{street[0].upper()}{street[1:]} {number}"


def _expand_hours(spec: dict[str, list[list[str]]]) -> dict[str, list[list[str]]]:
    hours: dict[str, list[list[str]]] = {}
    for days, spans in spec.items():
        first, _, last = days.partition("-")
        for day in range(int(first), int(last or first) + 1):
            hours[str(day)] = [list(s) for s in spans]
    return hours


def _slug(text: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())


def _french_phone(rng: _Rng, mobile: bool) -> str:
    prefix = "06 39 98" if mobile else "03 53 01"
    return f"{prefix} {rng.r.randrange(100):02d} {rng.r.randrange(100):02d}"


class _Placement:
    """Draws communes: like the population, over small communes, or near anchor towns."""

    def __init__(self, communes: Sequence[Commune]) -> None:
        self.communes = list(communes)
        self._cum: dict[str, list[float]] = {}
        self._pools: dict[str, list[Commune]] = {}
        self._add("population", self.communes, [max(c.population, 1) for c in self.communes])
        rural = [c for c in self.communes if c.population < 3000]
        self._add("rural", rural, [1.0] * len(rural))

    def _add(self, key: str, pool: list[Commune], weights: list[float]) -> None:
        self._pools[key] = pool
        self._cum[key] = list(accumulate(weights))

    def _key(self, sector: Sector) -> str:
        if sector.placement != "anchors":
            return sector.placement
        key = f"anchors:{sector.key}"
        if key not in self._pools:
            anchors = [c for c in self.communes if c.insee in sector.anchors]
            reach = sector.radius_km / 70.0  # degrees, generous at these latitudes
            near: set[str] = set()
            for a in anchors:
                for c in self.communes:
                    if (
                        abs(c.lat - a.lat) < reach
                        and abs(c.lon - a.lon) < reach
                        and great_circle_km(c.lat, c.lon, a.lat, a.lon) <= sector.radius_km
                    ):
                        near.add(c.insee)
            pool = [c for c in self.communes if c.insee in near]
            self._add(key, pool, [max(c.population, 1) for c in pool])
        return key

    def draw(self, rng: _Rng, sector: Sector) -> Commune:
        key = self._key(sector)
        cum = self._cum[key]
        i = bisect.bisect_right(cum, rng.r.random() * cum[-1])
        return self._pools[key][min(i, len(cum) - 1)]


def _jitter(rng: _Rng, lat: float, lon: float, km: float = 1.0) -> tuple[float, float]:
    r = km * math.sqrt(rng.r.random())
    theta = rng.r.random() * 2 * math.pi
    dlat = r * math.cos(theta) / 111.2
    dlon = r * math.sin(theta) / (111.2 * math.cos(math.radians(lat)))
    return round(lat + dlat, 6), round(lon + dlon, 6)


def _org_name(rng: _Rng, sector: Sector) -> str:
    root = "".join(rng.r.choice(SYLLABLES) for _ in range(rng.r.randint(1, 2)))
    root = (root + rng.r.choice(ENDINGS)).capitalize()
    head = rng.r.choice(sector.name_heads)
    if sector.kind is OrgKind.PROJECT_HOLDER:
        return f"Projet {root} ({rng.r.choice(FIRST_NAMES)} {rng.r.choice(SURNAMES)})"
    if sector.kind in (OrgKind.SCHOOL, OrgKind.RESEARCH_LAB):
        return f"{head} {root}"
    if rng.r.random() < 0.35:
        return f"{head} {rng.r.choice(SURNAMES)} {root}"
    return f"{head} {root}"


def build_demo(
    db: Database,
    prospects: int = 7000,
    seed: int = 42,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    *,
    replace: bool = False,
    today: date | None = None,
    gazetteer: Gazetteer | None = None,
) -> dict[str, Any]:
    """Fill ``db`` with a synthetic region; returns a summary. All in one transaction:
    cancelling or failing leaves the database as it was."""
    if not 1 <= prospects <= MAX_PROSPECTS:
        raise HdfFieldError(f"prospects: between 1 and {MAX_PROSPECTS}, got {prospects}")
    started = time.perf_counter()
    done = 0

    def step(label: str, fraction: float) -> None:
        nonlocal done
        done = max(done, round(fraction * DEMO_STEPS))
        report(progress, done, DEMO_STEPS, label)

    def check_cancel() -> None:
        check(cancel, "demo generation cancelled; nothing was changed")

    if gazetteer is None:
        from hdf_field.geo.gazetteer import load_gazetteer

        gazetteer = load_gazetteer()
    from hdf_field.services.orientation import cluster_profiles
    from hdf_field.services.reference import apply_reference_data, load_cluster_specs

    today = today or date.today()
    step("Préparation", 0.0)
    with UnitOfWork(db, actor=ACTOR) as uow:
        session = uow.session
        _refuse_or_clear(session, replace)
        clusters_touched = apply_reference_data(session, load_cluster_specs(), gazetteer)
        session.flush()
        clusters = cluster_profiles(session)
        check_cancel()

        gen = _Generator(_Rng(seed), gazetteer, today, clusters)
        step("Chargés de mission", 0.05)
        officers = gen.officers()
        step("Prospects", 0.1)
        orgs = gen.organisations(prospects)
        check_cancel()
        step("Contacts", 0.3)
        contacts = gen.contacts(orgs)
        step("Historique des visites", 0.4)
        visits, follow_ups = gen.history(orgs)
        check_cancel()

        tables: list[tuple[type[Base], list[dict[str, Any]]]] = [
            (Officer, officers),
            (Organisation, [o.row for o in orgs]),
            (Contact, contacts),
            (Visit, visits),
            (FollowUp, follow_ups),
        ]
        total = sum(len(rows) for _, rows in tables)
        written = 0
        for model, rows in tables:
            for start in range(0, len(rows), BATCH):
                check_cancel()
                chunk = rows[start : start + BATCH]
                # Core executemany: one statement per batch (all rows carry every column).
                insert_rows(session, model=model, rows=chunk)
                written += len(chunk)
                step("Écriture", 0.5 + 0.45 * written / max(total, 1))
        meta = {
            "seed": seed,
            "prospects": prospects,
            "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "today": today.isoformat(),
            "synthetic": True,
        }
        session.merge(AppMeta(key=DEMO_META_KEY, value=meta))
        uow.commit()
    step("Terminé", 1.0)

    by_status: dict[str, int] = defaultdict(int)
    by_dep: dict[str, int] = defaultdict(int)
    for o in orgs:
        by_status[o.status.value] += 1
        by_dep[o.row["departement"] or o.row["country"]] += 1
    visit_counts: dict[str, int] = defaultdict(int)
    for v in visits:
        visit_counts[v["status"].value] += 1
    return {
        "synthetic": True,
        "seed": seed,
        "prospects": prospects,
        "organisations": len(orgs),
        "officers": len(officers),
        "contacts": len(contacts),
        "visits": len(visits),
        "visits_by_status": dict(sorted(visit_counts.items())),
        "follow_ups": len(follow_ups),
        "reference_rows_updated": clusters_touched,
        "by_status": {s.value: by_status.get(s.value, 0) for s in FunnelStatus},
        "by_departement": dict(sorted(by_dep.items())),
        "seconds": round(time.perf_counter() - started, 2),
    }


def _refuse_or_clear(session: Session, replace: bool) -> None:
    counts = row_counts(session, models=(Organisation, Officer, Visit))
    if not any(counts.values()):
        return
    if not replace:
        held = ", ".join(f"{n} {name}" for name, n in counts.items() if n)
        raise DemoRefused(
            f"the database is not empty ({held}); use --force to replace the demo data"
        )
    remove_demo_data(session)


def remove_demo_data(session: Session) -> None:
    """Take the demo campaign away (real data imported, or a rebuild): its organisations with
    their visits, contacts and follow-ups, the demo officers and the demo marker; the caller
    commits."""
    delete_demo_records(
        session,
        source=DEMO_SOURCE,
        officer_email_domain=OFFICER_EMAIL_DOMAIN,
        meta_key=DEMO_META_KEY,
    )


def _local(day: date, hour: int, minute: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS).astimezone(UTC)


def _working_days(start: date, end: date) -> list[date]:
    days, d = [], start
    while d <= end:
        if d.isoweekday() <= 5:
            days.append(d)
        d += timedelta(days=1)
    return days


SLOTS = ((9, 0), (10, 45), (14, 0), (15, 45))
OUTCOMES = (
    (VisitOutcome.INTERESTED, 35),
    (VisitOutcome.MET, 25),
    (VisitOutcome.TO_RECONTACT, 15),
    (VisitOutcome.NOT_INTERESTED, 17),
    (VisitOutcome.WRONG_CONTACT, 5),
    (VisitOutcome.CLOSED, 3),
)
INTEREST = {
    VisitOutcome.INTERESTED: (2, 3),
    VisitOutcome.MET: (1, 2),
    VisitOutcome.TO_RECONTACT: (1, 2),
    VisitOutcome.NOT_INTERESTED: (0, 0),
    VisitOutcome.WRONG_CONTACT: (0, 1),
    VisitOutcome.CLOSED: (0, 0),
}
NEXT_STEPS = {
    VisitOutcome.INTERESTED: "Mise en relation avec le pôle recommandé",
    VisitOutcome.MET: "Envoyer la documentation des pôles",
    VisitOutcome.TO_RECONTACT: "Rappeler pour un second rendez-vous",
    VisitOutcome.WRONG_CONTACT: "Identifier le bon interlocuteur",
}


def _contact_language(org: _Org) -> str:
    if org.row["country"] != "BE":
        return "fr"
    from hdf_field.geo.belgium import FLEMISH_REGION, load_belgian_postcodes

    entry = load_belgian_postcodes().get(org.row["postal_code"])
    flemish = entry is not None and entry.municipalities[0].region == FLEMISH_REGION
    return "nl" if flemish else "fr"


def _open_for(hours: dict[str, list[list[str]]] | None, day: date, slot: tuple[int, int]) -> bool:
    """Whether an hour-long visit starting at ``slot`` fits in the opening hours of ``day``
    (no hours known: any slot will do)."""
    if not hours:
        return True
    start = f"{slot[0]:02d}:{slot[1]:02d}"
    end = f"{slot[0] + 1:02d}:{slot[1]:02d}"
    return any(a <= start and end <= b for a, b in hours.get(str(day.isoweekday()), []))


def _schedule(route: list[_Org], day: date) -> list[tuple[_Org, tuple[int, int]]]:
    """Give each stop of the route the next free slot it is open for; a stop that fits in
    none is left for another day (it is simply not visited)."""
    free = list(SLOTS)
    out = []
    for org in route:
        slot = next((s for s in free if _open_for(org.row["opening_hours"], day, s)), None)
        if slot is not None:
            free.remove(slot)
            out.append((org, slot))
    return sorted(out, key=lambda pair: pair[1])


class _Generator:
    def __init__(
        self, rng: _Rng, gazetteer: Gazetteer, today: date, clusters: list[ClusterProfile]
    ) -> None:
        self.rng = rng
        self.gaz = gazetteer
        self.today = today
        self.clusters = clusters
        self.created = _local(today - timedelta(weeks=HISTORY_WEEKS + 2), 8, 0)
        self.officer_rows: list[dict[str, Any]] = []

    def _bookkeeping(self, when: datetime | None = None) -> dict[str, Any]:
        when = when or self.created
        return {
            "id": self.rng.uuid(),
            "created_at": when,
            "updated_at": when,
            "updated_by": ACTOR,
            "version": 1,
            "deleted_at": None,
        }

    # -- officers ------------------------------------------------------------------------
    def officers(self) -> list[dict[str, Any]]:
        rows = []
        for spec in OFFICERS:
            commune = self.gaz.commune(spec.home_insee)
            assert commune is not None, spec.home_insee
            email = f"{_slug(spec.first_name)}.{_slug(spec.last_name)}@{OFFICER_EMAIL_DOMAIN}"
            rows.append(
                self._bookkeeping()
                | {
                    "name": f"{spec.first_name} {spec.last_name}",
                    "email": email,
                    "phone": _french_phone(self.rng, mobile=True),
                    "role": Role.MANAGER if spec.manager else Role.OFFICER,
                    "home_insee": commune.insee,
                    "home_commune": commune.name,
                    "home_lat": commune.lat,
                    "home_lon": commune.lon,
                    "working_days": [1, 2, 3, 4, 5],
                    "day_start": "08:30",
                    "day_end": "17:30",
                    "lunch_start": "12:15",
                    "lunch_minutes": 45,
                    "territory": list(spec.territory),
                    "active": True,
                }
            )
        self.officer_rows = rows
        return rows

    def _nearest_officer(self, dep: str, lat: float, lon: float) -> int:
        best: tuple[float, int] | None = None
        for i, (spec, row) in enumerate(zip(OFFICERS, self.officer_rows, strict=True)):
            if dep not in spec.territory:
                continue
            km = great_circle_km(lat, lon, row["home_lat"], row["home_lon"])
            if best is None or km < best[0]:
                best = (km, i)
        if best is None:  # a département nobody covers: the manager keeps it
            return 0
        return best[1]

    # -- organisations -------------------------------------------------------------------
    def organisations(self, n: int) -> list[_Org]:
        rng = self.rng
        placement = _Placement(self.gaz.communes())
        sector_weights = [(s, s.weight) for s in SECTORS]
        siret_indexes = rng.r.sample(range(1, MAX_PROSPECTS + 1), n)
        border = _border_postcodes(self.gaz)
        orgs = []
        for k in range(n):
            sector: Sector = rng.weighted(sector_weights)
            if border and sector.kind is OrgKind.FIRM and rng.r.random() < BELGIAN_SHARE / 0.86:
                orgs.append(self._belgian(k, sector, rng.r.choice(border)))
                continue
            commune = placement.draw(rng, sector)
            lat, lon = _jitter(rng, commune.lat, commune.lon)
            name = _org_name(rng, sector)
            slug = _slug(name)[:30]
            kind = sector.kind
            naf = rng.r.choice(sector.activities) if sector.activities else None
            has_register = kind is not OrgKind.PROJECT_HOLDER
            siret = demo_siret(siret_indexes[k]) if has_register else None
            tags = [DEMO_TAG]
            if sector.tags:
                tags.append(rng.r.choice(sector.tags))
            if rng.r.random() < 0.15:
                tags.append("export")
            hours = _expand_hours(rng.weighted(OPENING_HOURS)) if rng.r.random() < 0.8 else None
            if kind is OrgKind.PROJECT_HOLDER:
                hours = None
            priority = rng.weighted(((0, 20), (1, 45), (2, 25), (3, 10)))
            dep = commune.departement
            row = self._bookkeeping() | {
                "kind": kind,
                "siret": siret,
                "siren": siret[:9] if siret else None,
                "be_enterprise_number": None,
                "be_establishment_number": None,
                "name": name,
                "trade_name": None,
                "legal_form": rng.weighted(LEGAL_FORMS[kind]),
                "naf_code": naf,
                "naf_label": naf_label(naf),
                "workforce_band": rng.weighted(WORKFORCE_BANDS) if has_register else None,
                "head_office": rng.r.random() < 0.8 if has_register else None,
                "founded_on": date(rng.r.randint(1950, 2024), rng.r.randint(1, 12), 1)
                if has_register
                else None,
                "register_active": True,
                "street": f"{rng.r.randint(1, 180)} {rng.r.choice(STREETS)}",
                "address_complement": None,
                "postal_code": commune.postal_codes[0] if commune.postal_codes else None,
                "city": commune.name,
                "country": "FR",
                "insee_code": commune.insee,
                "lat": lat,
                "lon": lon,
                "geo_precision": GeoPrecision.COMMUNE,
                "departement": dep,
                "epci_code": commune.epci_code,
                "area": area_of_departement(dep),
                "phone": _french_phone(rng, mobile=kind is OrgKind.PROJECT_HOLDER),
                "email": f"contact@{slug}.example",
                "website": f"https://www.{slug}.example" if has_register else None,
                "opening_hours": hours,
                "status": FunnelStatus.IDENTIFIED,
                "priority": priority,
                "assigned_officer_id": None,
                "tags": tags,
                "notes": "Organisation fictive générée pour la démonstration.",
                "source": DEMO_SOURCE,
            }
            officer = self._nearest_officer(dep, lat, lon)
            row["assigned_officer_id"] = self.officer_rows[officer]["id"]
            orgs.append(_Org(row=row, sector=sector, officer_index=officer))
        return orgs

    def _belgian(self, k: int, sector: Sector, entry: Any) -> _Org:
        """A border partner: placed by postal code, known by its enterprise number."""
        rng = self.rng
        lat, lon = _jitter(rng, entry.lat, entry.lon)
        municipality = entry.municipalities[0]
        name = _org_name(rng, sector)
        slug = _slug(name)[:30]
        naf = rng.r.choice(sector.activities)
        row = self._bookkeeping() | {
            "kind": sector.kind,
            "siret": None,
            "siren": None,
            "be_enterprise_number": demo_be_number(k + 1),
            "be_establishment_number": None,
            "name": name,
            "trade_name": None,
            "legal_form": rng.weighted((("SRL", 5), ("SA", 2), ("SC", 1))),
            "naf_code": naf,  # NACE-BEL shares NAF's first four digits
            "naf_label": naf_label(naf),
            "workforce_band": rng.weighted(WORKFORCE_BANDS),
            "head_office": True,
            "founded_on": date(rng.r.randint(1960, 2024), rng.r.randint(1, 12), 1),
            "register_active": True,
            "street": _belgian_street(rng.r.choice(STREETS), rng.r.randint(1, 120)),
            "address_complement": None,
            "postal_code": entry.postcode,
            "city": municipality.name,
            "country": "BE",
            "insee_code": None,
            "lat": lat,
            "lon": lon,
            "geo_precision": GeoPrecision.POSTCODE,
            "departement": None,
            "epci_code": None,
            "area": Area.BELGIUM,
            "phone": None,
            "email": f"info@{slug}.example",
            "website": f"https://www.{slug}.example",
            "opening_hours": _expand_hours(rng.weighted(OPENING_HOURS)),
            "status": FunnelStatus.IDENTIFIED,
            "priority": rng.weighted(((1, 50), (2, 40), (3, 10))),
            "assigned_officer_id": None,
            "tags": [DEMO_TAG, "transfrontalier"],
            "notes": "Organisation fictive générée pour la démonstration.",
            "source": DEMO_SOURCE,
        }
        officer = self._nearest_officer("BE", lat, lon)
        row["assigned_officer_id"] = self.officer_rows[officer]["id"]
        return _Org(row=row, sector=sector, officer_index=officer)

    def contacts(self, orgs: list[_Org]) -> list[dict[str, Any]]:
        rng = self.rng
        rows = []
        for org in orgs:
            if rng.r.random() >= 0.6:
                continue
            first, last = rng.r.choice(FIRST_NAMES), rng.r.choice(SURNAMES)
            slug = org.row["email"].split("@", 1)[1]
            row = self._bookkeeping() | {
                "organisation_id": org.row["id"],
                "first_name": first,
                "last_name": last,
                "role": rng.r.choice(ROLES[org.sector.kind]),
                "phone": _french_phone(rng, mobile=rng.r.random() < 0.5)
                if org.row["country"] == "FR"
                else None,
                "email": f"{_slug(first)}.{_slug(last)}@{slug}",
                "language": _contact_language(org),
                "legal_basis": LegalBasis.LEGITIMATE_INTEREST,
                "consent_date": None,
                "notes": None,
            }
            org.contact_id = row["id"]
            rows.append(row)
        return rows

    # -- visit history -------------------------------------------------------------------
    def _day_route(self, pool: list[_Org], count: int) -> list[_Org]:
        """A plausible day: the next priority prospect, then its nearest unvisited neighbours.
        ``pool`` is kept in priority order by the caller."""
        if not pool:
            return []
        first = pool.pop(0)
        lat, lon = first.row["lat"], first.row["lon"]
        squash = math.cos(math.radians(lat)) ** 2

        def planar(o: _Org) -> float:  # enough to rank neighbours a few km apart
            return float((o.row["lat"] - lat) ** 2 + squash * (o.row["lon"] - lon) ** 2)

        neighbours = heapq.nsmallest(count - 1, pool, key=planar)
        for o in neighbours:
            pool.remove(o)
        return [first, *neighbours]

    def _recommend(self, org: _Org, needs: list[str]) -> list[str]:
        profile = OrgProfile(
            kind=org.row["kind"],
            naf_code=org.row["naf_code"],
            lat=org.row["lat"],
            lon=org.row["lon"],
            area=org.row["area"],
            needs=tuple(needs),
            tags=tuple(org.row["tags"]),
        )
        hints = orient(profile, self.clusters, limit=2)
        return [h.cluster_id for h in hints if h.score >= 35]

    def history(self, orgs: list[_Org]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        rng = self.rng
        pools: dict[int, list[_Org]] = defaultdict(list)
        for org in orgs:
            pools[org.officer_index].append(org)
        past_days = _working_days(
            self.today - timedelta(weeks=HISTORY_WEEKS), self.today - timedelta(days=1)
        )
        future_days = _working_days(self.today + timedelta(days=1), self.today + timedelta(days=20))
        future_days = future_days[:PLANNED_WORKING_DAYS]
        visits: list[dict[str, Any]] = []
        follow_ups: list[dict[str, Any]] = []
        for index, officer in enumerate(self.officer_rows):
            pool = sorted(pools.get(index, []), key=lambda o: (-o.row["priority"], rng.r.random()))
            # Earlier contact attempts by phone: some prospects are already "contacted".
            for org in pool:
                if rng.r.random() < 0.08:
                    org.status = FunnelStatus.CONTACTED
            for day in past_days:
                if rng.r.random() < 0.15:  # office day
                    continue
                route = self._day_route(pool, rng.r.randint(2, 4))
                for order, (org, slot) in enumerate(_schedule(route, day), start=1):
                    visit, follow_up = self._past_visit(org, officer, day, slot)
                    visit["plan_order"] = order
                    visits.append(visit)
                    if follow_up:
                        follow_ups.append(follow_up)
            # Planned visits: new prospects, and second meetings with interested ones.
            seconds = [o for o in pools.get(index, []) if o.status is FunnelStatus.INTERESTED]
            for day in future_days:
                route = self._day_route(pool, rng.r.randint(2, 3))
                if seconds and rng.r.random() < 0.3:
                    route.append(seconds.pop(0))
                for order, (org, slot) in enumerate(_schedule(route, day), start=1):
                    visit = self._planned_visit(org, officer, day, slot)
                    visit["plan_order"] = order
                    visits.append(visit)
        for org in orgs:
            org.row["status"] = org.status
        return visits, follow_ups

    def _visit_row(self, org: _Org, officer: dict[str, Any], start: datetime) -> dict[str, Any]:
        when = min(start, _local(self.today, 8, 0))
        return self._bookkeeping(when) | {
            "organisation_id": org.row["id"],
            "officer_id": officer["id"],
            "contact_id": org.contact_id,
            "planned_start": start,
            "duration_min": 60,
            "status": VisitStatus.PLANNED,
            "fixed": False,
            "plan_order": None,
            "actual_start": None,
            "actual_duration_min": None,
            "outcome": None,
            "interest": None,
            "needs": [],
            "recommended_clusters": [],
            "purpose": "Présentation des pôles de compétitivité",
            "next_step": None,
            "follow_up_date": None,
            "notes": None,
        }

    def _past_visit(
        self, org: _Org, officer: dict[str, Any], day: date, slot: tuple[int, int]
    ) -> tuple[dict[str, Any], dict[str, Any] | None]:
        rng = self.rng
        start = _local(day, *slot)
        row = self._visit_row(org, officer, start)
        roll = rng.r.random()
        if roll < 0.10:
            row["status"] = VisitStatus.CANCELLED
            org.status = max(org.status, FunnelStatus.CONTACTED, key=lambda s: s.rank)
            return row, None
        if roll < 0.17:
            row["status"] = VisitStatus.NO_SHOW
            org.status = max(org.status, FunnelStatus.CONTACTED, key=lambda s: s.rank)
            return row, None
        outcome: VisitOutcome = rng.weighted(OUTCOMES)
        low, high = INTEREST[outcome]
        needs: list[str] = []
        if outcome not in (VisitOutcome.CLOSED, VisitOutcome.WRONG_CONTACT):
            needs = rng.r.sample(
                org.sector.needs, k=min(len(org.sector.needs), rng.r.randint(1, 3))
            )
            if org.row["country"] == "BE":
                needs.append("cross_border")
        recommended = (
            self._recommend(org, needs)
            if outcome in (VisitOutcome.INTERESTED, VisitOutcome.MET)
            else []
        )
        follow_up_date = None
        if outcome in NEXT_STEPS:
            follow_up_date = day + timedelta(days=rng.r.randint(7, 21))
        row |= {
            "status": VisitStatus.DONE,
            "actual_start": start + timedelta(minutes=rng.r.randint(-5, 15)),
            "actual_duration_min": rng.r.choice((30, 45, 60, 75, 90)),
            "outcome": outcome,
            "interest": rng.r.randint(low, high),
            "needs": needs,
            "recommended_clusters": recommended,
            "next_step": NEXT_STEPS.get(outcome),
            "follow_up_date": follow_up_date,
        }
        status = FunnelStatus.VISITED
        if outcome is VisitOutcome.INTERESTED:
            status = FunnelStatus.ORIENTED if recommended else FunnelStatus.INTERESTED
            if recommended and rng.r.random() < 0.08:
                status = FunnelStatus.MEMBER
        if outcome is VisitOutcome.CLOSED:
            org.row["register_active"] = False
        org.status = max(org.status, status, key=lambda s: s.rank)
        follow_up = None
        if follow_up_date is not None:
            due_passed = follow_up_date < self.today
            done = due_passed and rng.r.random() < 0.6
            follow_up = self._bookkeeping(start) | {
                "organisation_id": org.row["id"],
                "visit_id": row["id"],
                "officer_id": officer["id"],
                "due_date": follow_up_date,
                "action": NEXT_STEPS[outcome],
                "status": FollowUpStatus.DONE if done else FollowUpStatus.OPEN,
                "done_at": _local(follow_up_date, 11, 0) if done else None,
            }
        return row, follow_up

    def _planned_visit(
        self, org: _Org, officer: dict[str, Any], day: date, slot: tuple[int, int]
    ) -> dict[str, Any]:
        row = self._visit_row(org, officer, _local(day, *slot))
        row["fixed"] = self.rng.r.random() < 0.3
        if org.status.rank >= FunnelStatus.VISITED.rank:
            row["purpose"] = "Second rendez-vous : suites de la mise en relation"
        else:
            org.status = FunnelStatus.VISIT_PLANNED
        return row
