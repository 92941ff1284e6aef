"""Printed route plans and calendars: the one way the CLI and the GUI make them.

A day plan, an officer's week pack, or a campaign's set (the manager's summary first, then one
week pack per officer and ISO week), each drawn on the print outlines (communes, départements,
the Belgian border) with every stop annotated from the database (purpose, orientation hint,
last visit). Files are written under a temporary name and renamed
(:func:`hdf_field.files.write_atomically`), and a cancelled campaign run removes what it
wrote: a folder never holds a half-written pack or a partial set that looks complete.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from hdf_field.domain.progress import CancelToken, Progress, check, report
from hdf_field.files import write_atomically
from hdf_field.planning.model import CampaignPlan, DayPlan
from hdf_field.storage.database import Database

SUMMARY_NAME = "synthese.pdf"
EXPORT_CANCELLED = "export cancelled; no file was written"


def slug(text: str) -> str:
    flat = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", flat).strip("-").lower() or "officer"


def week_packs(plan: CampaignPlan) -> list[tuple[str, list[DayPlan]]]:
    """(file name, days) per officer and ISO week, by officer name then week."""
    weeks: dict[tuple[str, str, int, int], list[DayPlan]] = {}
    for d in plan.days:
        year, week, _ = d.day.isocalendar()
        weeks.setdefault((d.officer_name, d.officer_id, year, week), []).append(d)
    return [
        (f"{slug(name)}_S{week:02d}.pdf", days)
        for (name, _oid, _year, week), days in sorted(weeks.items())
    ]


def write_campaign_pdfs(
    plan: CampaignPlan,
    folder: Path,
    *,
    lang: str = "fr",
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    db: Database | None = None,
) -> list[Path]:
    """The manager summary, then one week pack per officer and ISO week; the paths written.

    With ``db``, each stop gets its purpose, orientation hint and last visit in words.
    Progress counts files; a cancel removes the files already written and raises
    :class:`~hdf_field.domain.progress.Cancelled`."""
    from hdf_field.reports.manager_summary import render_manager_summary
    from hdf_field.reports.week_pack import render_week_pack
    from hdf_field.services.map_data import print_outlines

    if db is not None:
        plan = replace(plan, days=tuple(printable_days(db, plan.days)))

    folder.mkdir(parents=True, exist_ok=True)
    packs = week_packs(plan)
    total = 1 + len(packs)
    written: list[Path] = []

    def stop_if_cancelled() -> None:
        if cancel is not None and cancel.cancelled:
            for p in written:
                p.unlink(missing_ok=True)
            cancel.raise_if_cancelled("export cancelled; no file was left behind")

    report(progress, 0, total)
    outlines = print_outlines()
    stop_if_cancelled()
    jobs: list[tuple[str, Callable[[], bytes]]] = [
        (
            SUMMARY_NAME,
            lambda: render_manager_summary(plan, outlines=outlines, lang=lang, cancel=cancel),
        )
    ]
    for name, days in packs:
        jobs.append(
            (
                name,
                lambda days=days: render_week_pack(  # type: ignore[misc]
                    days, outlines=outlines, lang=lang, cancel=cancel
                ),
            )
        )
    for k, (name, render) in enumerate(jobs, start=1):
        try:
            data = render()
        except Exception:
            stop_if_cancelled()  # a render that noticed the cancel: clean up, say so
            raise
        stop_if_cancelled()
        written.append(write_atomically(folder / name, data))
        report(progress, k, total)
    return written


def printable_days(db: Database, days: Sequence[DayPlan]) -> list[DayPlan]:
    """The days with each stop's purpose, orientation hint and last visit in words."""
    from hdf_field.services.stop_notes import annotate_days

    with db.session() as session:
        return annotate_days(session, days)


def day_plan_pdf(
    db: Database, plan: DayPlan, *, lang: str = "fr", cancel: CancelToken | None = None
) -> bytes:
    """One day's printed route plan (the day view previews and saves these bytes)."""
    from hdf_field.reports.day_sheet import render_day_plan
    from hdf_field.services.map_data import print_outlines

    outlines = print_outlines()
    [printed] = printable_days(db, [plan])
    check(cancel, EXPORT_CANCELLED)
    return render_day_plan(printed, outlines=outlines, lang=lang)


def week_pack_pdf(
    db: Database,
    days: Sequence[DayPlan],
    *,
    lang: str = "fr",
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> bytes:
    """One officer's week pack: a cover with the week's map, then one page per day."""
    from hdf_field.reports.week_pack import render_week_pack
    from hdf_field.services.map_data import print_outlines

    outlines = print_outlines()
    printed = printable_days(db, days)
    check(cancel, EXPORT_CANCELLED)
    return render_week_pack(printed, outlines=outlines, lang=lang, progress=progress, cancel=cancel)


def write_day_plan_pdf(db: Database, plan: DayPlan, path: Path, *, lang: str = "fr") -> Path:
    """The day's route plan written atomically to ``path``."""
    return write_atomically(path, day_plan_pdf(db, plan, lang=lang))


def write_week_pack_pdf(
    db: Database,
    days: Sequence[DayPlan],
    path: Path,
    *,
    lang: str = "fr",
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> Path:
    """The week pack written atomically to ``path``; nothing written once cancelled."""
    pdf = week_pack_pdf(db, days, lang=lang, progress=progress, cancel=cancel)
    check(cancel, EXPORT_CANCELLED)
    return write_atomically(path, pdf)


def calendar_ics(days: Sequence[DayPlan], *, lang: str = "fr") -> bytes:
    """The days' visits as iCalendar events (stable ids: a re-import updates them)."""
    from hdf_field.reports.ics import plan_to_ics

    return plan_to_ics(days, lang=lang).encode("utf-8")


def write_calendar_ics(days: Sequence[DayPlan], path: Path, *, lang: str = "fr") -> Path:
    return write_atomically(path, calendar_ics(days, lang=lang))
