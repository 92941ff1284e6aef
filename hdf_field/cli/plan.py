"""``hdf-field plan day`` and ``hdf-field plan campaign``: route plans from the database."""

from __future__ import annotations

import argparse
import dataclasses
from datetime import date
from pathlib import Path
from typing import Any

from hdf_field.cli.common import CliError, emit, open_db
from hdf_field.domain.enums import Area, OrgKind
from hdf_field.domain.formatting import count, number, with_unit
from hdf_field.domain.glossary import label, label_of
from hdf_field.domain.regions import DEPARTEMENTS


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {value!r}") from exc


# planning.campaign.POLICIES, named here so that the CLI starts without numpy; the default
# (planning.campaign.DEFAULT_POLICY) first. tests/unit/cli checks they agree.
CAMPAIGN_POLICIES = ("value", "compact")


def register(sub: Any, parent: argparse.ArgumentParser) -> None:
    plan = sub.add_parser("plan", parents=[parent], help="plan an officer's day or a campaign")
    psub = plan.add_subparsers(dest="plan_command", metavar="ACTION")
    day = psub.add_parser("day", parents=[parent], help="one officer's day route")
    day.add_argument("--officer", required=True, metavar="ID", help="officer UUID or e-mail")
    day.add_argument("--date", required=True, type=_date, metavar="D", help="YYYY-MM-DD")
    day.add_argument("--pdf", metavar="OUT", help="write the day's route plan as PDF")
    day.add_argument("--save", action="store_true", help="write the planned visits")
    day.set_defaults(func=run_day)
    camp = psub.add_parser("campaign", parents=[parent], help="every officer's days over N weeks")
    camp.add_argument("--start", required=True, type=_date, metavar="D", help="YYYY-MM-DD")
    camp.add_argument("--weeks", type=int, default=4, metavar="N")
    camp.add_argument("--officer", action="append", metavar="ID", help="only these officers")
    camp.add_argument("--pdf-dir", metavar="DIR", help="write week packs and a manager summary")
    camp.add_argument("--save", action="store_true", help="write the planned visits")
    camp.add_argument(
        "--solver", choices=("auto", "ortools", "pyvrp", "vroom"), default="auto", help="day solver"
    )
    camp.add_argument(
        "--policy",
        choices=CAMPAIGN_POLICIES,
        default=CAMPAIGN_POLICIES[0],
        help="value (default): most value, more driving; compact: about 25 %% less driving",
    )
    camp.set_defaults(func=run_campaign)
    plan.set_defaults(func=lambda args: plan.print_help() or 2)


def _day_sheet_module() -> Any:
    """The printed reports need reportlab (and PIL): a build without them says so up front,
    before any planning work."""
    try:
        from hdf_field.reports import day_sheet
    except ImportError as exc:
        raise CliError(code="cli.no_pdf", params={"detail": str(exc)}) from exc
    return day_sheet


def _hm(dt: Any) -> str:
    return dt.strftime("%H:%M") if dt is not None else "--:--"


def day_text(plan: Any) -> str:
    lines = [
        f"Tournée du {plan.day:%d/%m/%Y} — {plan.officer_name}",
        f"Départ {plan.start.label} à {_hm(plan.leave_at)}, retour à {_hm(plan.back_at)} "
        f"— {count(plan.visit_count, 'visite', 'visites')}, {with_unit(plan.total_km, 'km')}, "
        f"{with_unit(plan.total_drive_min, 'min')} de route",
    ]
    for s in plan.stops:
        flag = " [RDV fixe]" if s.fixed else ""
        wait = f", attente {s.wait_min:.0f} min" if s.wait_min >= 1 else ""
        lines.append(
            f"  {s.order}. {_hm(s.start)}–{_hm(s.departure)} {s.name}{flag} "
            f"({s.km_from_prev:.0f} km, {s.drive_min_from_prev:.0f} min{wait})"
        )
    if plan.lunch_at is not None:
        lines.append(f"  Pause déjeuner à {_hm(plan.lunch_at)}")
    for u in plan.unserved:
        lines.append(f"  Non planifié : {u.name} — {u.reason}")
    return "\n".join(lines)


def campaign_text(plan: Any) -> str:
    st = plan.stats
    lines = [
        f"Plan de campagne : {count(plan.weeks, 'semaine', 'semaines')} "
        f"à partir du {plan.start:%d/%m/%Y}",
        f"{count(int(st.get('visits', 0)), 'visite', 'visites')} "
        f"sur {count(len(plan.days), 'journée', 'journées')}, "
        f"{with_unit(float(st.get('km', 0)), 'km')}, "
        f"{with_unit(float(st.get('drive_min', 0)) / 60, 'h')} de route, "
        f"valeur couverte {number(float(st.get('value', 0)))} "
        f"(calcul en {with_unit(float(st.get('runtime_s') or 0), 's', decimals=1)})",
        "Couverture par département (visites / prospects) :",
    ]
    # every group with prospects, visited or not: a group left out must show as 0
    for dep, avail in plan.coverage_available_by_departement.items():
        n = plan.coverage_by_departement.get(dep, 0)
        name = label(Area.BELGIUM) if dep == "BE" else DEPARTEMENTS.get(dep, "")
        lines.append(f"  {dep} {name:<14} {number(n):>5} / {number(avail)}")
    lines.append("Couverture par zone :")
    for area, avail in plan.coverage_available_by_area.items():
        done = number(plan.coverage_by_area.get(area, 0))
        lines.append(f"  {label_of(Area, area):<22} {done:>5} / {number(avail)}")
    if plan.coverage_available_by_kind:
        lines.append("Couverture par type d'organisation :")
        for kind, avail in plan.coverage_available_by_kind.items():
            done = number(plan.coverage_by_kind.get(kind, 0))
            lines.append(f"  {label_of(OrgKind, kind):<30} {done:>5} / {number(avail)}")
    names = {d.officer_id: d.officer_name for d in plan.days}
    lines.append("Visites par chargé de mission :")
    for oid, n in plan.visits_by_officer.items():
        lines.append(f"  {names.get(oid, oid):<30} {n:>4}")
    for u in plan.unserved:
        lines.append(f"Non planifié : {u.name} — {u.reason}")
    return "\n".join(lines)


def _saved_text(result: Any) -> str:
    return (
        f"\nEnregistré : {count(result.created, 'visite planifiée', 'visites planifiées')}, "
        f"{count(result.moved, 'déplacée', 'déplacées')}, "
        f"{count(result.replaced, 'remplacée', 'remplacées')}, "
        f"{count(result.kept_fixed, 'RDV fixe inchangé', 'RDV fixes inchangés')}"
    )


def run_day(args: argparse.Namespace) -> int:
    from hdf_field.services.planning import plan_day_from_db, save_plan

    day_sheet = _day_sheet_module() if args.pdf else None
    db = open_db(args)
    plan = plan_day_from_db(db, args.officer, args.date)
    data: dict[str, Any] = dataclasses.asdict(plan)
    text = day_text(plan)
    if day_sheet is not None:
        from hdf_field.services.route_plans import write_day_plan_pdf

        write_day_plan_pdf(db, plan, Path(args.pdf))
        text += f"\nPDF : {args.pdf}"
    if args.save:
        result = save_plan(db, [plan], actor="cli")
        data["saved"] = dataclasses.asdict(result)
        text += _saved_text(result)
    emit(args, data, text)
    return 0


def run_campaign(args: argparse.Namespace) -> int:
    from hdf_field.planning.campaign import policy_options
    from hdf_field.services.planning import plan_campaign_from_db, save_plan

    if args.weeks < 1 or args.weeks > 26:
        raise CliError(code="cli.weeks_range", params={"low": 1, "high": 26})
    day_sheet = _day_sheet_module() if args.pdf_dir else None
    db = open_db(args)
    plan = plan_campaign_from_db(
        db,
        args.start,
        args.weeks,
        officer_keys=args.officer,
        options=policy_options(args.policy, day_solver=args.solver),
    )
    data: dict[str, Any] = dataclasses.asdict(plan)
    text = campaign_text(plan)
    if day_sheet is not None:
        from hdf_field.services.route_plans import write_campaign_pdfs

        written = write_campaign_pdfs(plan, Path(args.pdf_dir), db=db)
        data["pdf"] = [str(p) for p in written]
        text += f"\nPDF : {count(len(written), 'fichier', 'fichiers')} dans {args.pdf_dir}"
    if args.save:
        result = save_plan(db, plan.days, actor="cli")
        data["saved"] = dataclasses.asdict(result)
        text += _saved_text(result)
    emit(args, data, text)
    return 0
