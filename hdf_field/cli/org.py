"""``hdf-field org show|set`` and ``hdf-field orient``: one organisation at a time."""

from __future__ import annotations

import argparse
import getpass
from dataclasses import asdict
from typing import Any

from hdf_field.cli.common import CliError, cli_language, emit, open_db
from hdf_field.domain.enums import Area, FunnelStatus, OrgKind, VisitOutcome
from hdf_field.domain.glossary import interest_label, label, label_of, priority_label
from hdf_field.domain.needs import NEEDS_BY_KEY

DAYS_FR = ("lun", "mar", "mer", "jeu", "ven", "sam", "dim")


def register(sub: Any, parent: argparse.ArgumentParser) -> None:
    org = sub.add_parser("org", help="show or edit one organisation")
    org_sub = org.add_subparsers(dest="org_command", metavar="ACTION", required=True)

    show = org_sub.add_parser(
        "show", parents=[parent], help="an organisation's card (--json: its fields by name)"
    )
    show.add_argument("ref", metavar="ID|SIRET")
    show.set_defaults(func=run_show)

    edit = org_sub.add_parser(
        "set", parents=[parent], help="change fields: org set ID field=value ... (all or nothing)"
    )
    edit.add_argument("ref", metavar="ID|SIRET")
    edit.add_argument("assignments", nargs="+", metavar="FIELD=VALUE")
    edit.add_argument(
        "--expect-version", type=int, default=None, help="refuse if the version differs"
    )
    edit.set_defaults(func=run_set)

    orient = sub.add_parser(
        "orient", parents=[parent], help="rank the clusters that fit an organisation, with reasons"
    )
    orient.add_argument("ref", metavar="ID|SIRET")
    orient.add_argument("--limit", type=int, default=None, help="show at most N clusters")
    orient.set_defaults(func=run_orient)


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def parse_assignments(items: list[str]) -> dict[str, str]:
    changes: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise CliError(f"expected FIELD=VALUE, got {item!r}")
        changes[name.strip()] = value
    return changes


def run_set(args: argparse.Namespace) -> int:
    from hdf_field.services.organisations import update_organisation

    changes = parse_assignments(args.assignments)
    db = open_db(args, existing=True)
    try:
        fields = update_organisation(
            db, args.ref, changes, _actor(), expected_version=args.expect_version
        )
    finally:
        db.dispose()
    emit(args, fields, f"{fields['name']} : version {fields['version']}")
    return 0


def run_orient(args: argparse.Namespace) -> int:
    from hdf_field.services.orientation import orient_organisation

    db = open_db(args, existing=True)
    try:
        hints = orient_organisation(db, args.ref, lang=cli_language(args), limit=args.limit)
    finally:
        db.dispose()
    data = [asdict(h) for h in hints]
    emit(args, data, "\n".join(_hint_lines(data, cli_language(args))))
    return 0


def _hint_lines(hints: list[dict[str, Any]], lang: str = "fr") -> list[str]:
    if not hints:
        return [
            "No cluster fits on current information (NAF code, needs, tags)."
            if lang == "en"
            else "Aucun pôle ne ressort avec les informations actuelles (NAF, besoins, étiquettes)."
        ]
    lines = []
    for rank, hint in enumerate(hints, start=1):
        lines.append(f"{rank}. {hint['cluster_name']} — {hint['score']}/100")
        lines.extend(f"     · {reason}" for reason in hint["reasons"])
    return lines


def run_show(args: argparse.Namespace) -> int:
    from hdf_field.services.organisations import find_organisation, organisation_fields
    from hdf_field.services.orientation import orientation_for

    db = open_db(args, existing=True)
    try:
        with db.session() as session:
            org = find_organisation(session, args.ref)
            fields = organisation_fields(org)
            if args.json:
                emit(args, fields)
                return 0
            contacts = [c for c in org.contacts if c.deleted_at is None]
            visits = sorted(
                (v for v in org.visits if v.deleted_at is None),
                key=lambda v: v.planned_start.isoformat() if v.planned_start else "",
                reverse=True,
            )[:5]
            hints = [asdict(h) for h in orientation_for(session, org, limit=3)]
            text = _card(fields, contacts, visits, hints)
    finally:
        db.dispose()
    emit(args, fields, text)
    return 0


def _hours(hours: dict[str, list[list[str]]] | None) -> str:
    """Consecutive days with the same hours are grouped: « lun–ven 08:30–12:00 14:00–17:30 »."""
    if not hours:
        return "non renseignés"
    days = sorted(hours, key=int)
    groups: list[tuple[int, int, str]] = []
    for day in days:
        spans = " ".join(f"{a}–{b}" for a, b in hours[day])
        d = int(day)
        if groups and groups[-1][1] == d - 1 and groups[-1][2] == spans:
            groups[-1] = (groups[-1][0], d, spans)
        else:
            groups.append((d, d, spans))
    parts = []
    for first, last, spans in groups:
        span = DAYS_FR[first - 1] if first == last else f"{DAYS_FR[first - 1]}–{DAYS_FR[last - 1]}"
        parts.append(f"{span} {spans}")
    return " ; ".join(parts)


def _card(fields: dict[str, Any], contacts: list[Any], visits: list[Any], hints: list[Any]) -> str:
    f = fields
    kind = label_of(OrgKind, f["kind"]).lower()
    lines = [f"{f['name']} — {kind}"]
    ids = []
    if f.get("siret"):
        s = f["siret"]
        ids.append(f"SIRET {s[:3]} {s[3:6]} {s[6:9]} {s[9:]}")
    if f.get("be_enterprise_number"):
        ids.append(f"BCE {f['be_enterprise_number']}")
    if f.get("naf_code"):
        ids.append(f"NAF {f['naf_code']} {f.get('naf_label') or ''}".rstrip())
    if f.get("workforce_band"):
        ids.append(f"tranche d'effectif {f['workforce_band']}")
    if ids:
        lines.append(" · ".join(ids))
    address = ", ".join(
        x
        for x in (f.get("street"), " ".join(p for p in (f.get("postal_code"), f.get("city")) if p))
        if x
    )
    area = label_of(Area, f["area"]) if f.get("area") else None
    where = ", ".join(x for x in (f.get("departement"), area) if x)
    lines.append(f"Adresse : {address or 'inconnue'}" + (f" ({where})" if where else ""))
    if f.get("lat") is not None:
        lines.append(f"Position : {f['lat']:.5f}, {f['lon']:.5f} ({f['geo_precision']})")
    lines.append(
        f"Statut : {label_of(FunnelStatus, f['status'])} · "
        f"priorité {priority_label(f['priority']).lower()} · "
        f"chargé de mission : {f.get('assigned_officer_name') or 'non attribué'}"
    )
    reach = " · ".join(x for x in (f.get("phone"), f.get("email"), f.get("website")) if x)
    if reach:
        lines.append(f"Contact : {reach}")
    lines.append(f"Horaires : {_hours(f.get('opening_hours'))}")
    if f.get("tags"):
        lines.append(f"Étiquettes : {', '.join(f['tags'])}")
    if f.get("source") == "demo":
        lines.append("(donnée de démonstration fictive)")
    lines.append("")
    lines.append("Contacts :" if contacts else "Contacts : aucun")
    for c in contacts:
        who = " ".join(x for x in (c.first_name, c.last_name) if x)
        extra = " · ".join(x for x in (c.role, c.phone, c.email) if x)
        flag = " [ne plus contacter]" if getattr(c, "objection", False) else ""
        lines.append(f"  - {who}" + (f" — {extra}" if extra else "") + flag)
    lines.append("Dernières visites :" if visits else "Dernières visites : aucune")
    for v in visits:
        when = v.planned_start.strftime("%Y-%m-%d") if v.planned_start else "sans date"
        bits = [label(v.status).lower()]
        if v.outcome is not None:
            bits.append(label(VisitOutcome(v.outcome)).lower())
        if v.interest is not None:
            bits.append(f"intérêt {interest_label(v.interest).lower()} ({v.interest}/3)")
        if v.needs:
            labels = (NEEDS_BY_KEY[n].label_fr if n in NEEDS_BY_KEY else n for n in v.needs)
            bits.append("besoins : " + ", ".join(labels))
        if v.follow_up_date:
            bits.append(f"relance {v.follow_up_date.isoformat()}")
        lines.append(f"  - {when} : " + " · ".join(bits))
    lines.append("Orientation :")
    lines.extend(f"  {line}" for line in _hint_lines(hints))
    lines.append("")
    lines.append(f"id {f['id']} · version {f['version']}")
    return "\n".join(lines)
