"""Imports commit in slices: what a cancel or a failure leaves, and that a re-run completes it.

Every slice holds whole batches: their organisations, their outbox entries and their search
index rows commit together, so what is in the database after an interruption is exactly what
the import history says, and running the import again finishes the job without duplicates.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from hdf_field.domain.progress import Cancelled
from hdf_field.imports import common
from hdf_field.imports.common import Slices, committed_part
from hdf_field.imports.places import GazetteerPlaces
from hdf_field.imports.report import ImportReport
from hdf_field.imports.sirene import import_sirene
from hdf_field.services.imports import import_history, recording_interruption
from hdf_field.storage import search_index
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Organisation
from hdf_field.sync.tables import OutboxEntry
from tests.imports_support import SireneWriter, sirene_row
from tests.progress_support import CancelWhen, cancelled

ROWS = 60
BATCH = 7


@pytest.fixture
def every_batch_commits(monkeypatch: pytest.MonkeyPatch) -> None:
    """A slice of zero seconds: each batch commits on its own, without pausing."""
    monkeypatch.setattr(common, "COMMIT_SLICE_S", 0.0)
    monkeypatch.setattr(common, "YIELD_S", 0.0)


def _counts(db: Database) -> tuple[int, int, int]:
    with db.engine.connect() as conn:
        orgs = conn.scalar(select(func.count()).select_from(Organisation)) or 0
        outbox = (
            conn.scalar(
                select(func.count())
                .select_from(OutboxEntry)
                .where(OutboxEntry.entity == "organisation")
            )
            or 0
        )
        healthy = search_index.is_healthy(conn)
    return int(orgs), int(outbox), int(healthy)


def test_cancel_keeps_whole_batches_and_the_history_says_so(
    db: Database,
    write_sirene: SireneWriter,
    places: GazetteerPlaces,
    every_batch_commits: None,
    tmp_path: Path,
) -> None:
    path = write_sirene([sirene_row(n) for n in range(ROWS)])
    ticks = 0

    def after_three_batches() -> bool:
        nonlocal ticks
        ticks += 1
        return ticks > 3

    cancel = CancelWhen(after_three_batches)
    with pytest.raises(Cancelled) as stopped, recording_interruption(db, path, "test"):
        import_sirene(db, path, places=places, batch_size=BATCH, cancel=cancel)
    partial = committed_part(stopped.value)
    assert partial is not None and 0 < partial.created < ROWS
    orgs, outbox, healthy = _counts(db)
    # Exactly the committed batches: rows, their outbox entries, their index rows.
    assert orgs == partial.created and orgs % BATCH == 0
    assert outbox == orgs
    assert healthy
    entry = import_history(db)[0]
    assert entry.interrupted == "cancelled" and entry.created == partial.created

    report = import_sirene(db, path, places=places, batch_size=BATCH)
    assert report.created == ROWS - orgs and report.updated == orgs
    assert report.balanced
    orgs, outbox, healthy = _counts(db)
    assert orgs == ROWS and outbox == ROWS and healthy


def test_a_failure_rolls_back_only_the_slice_being_written(
    db: Database,
    write_sirene: SireneWriter,
    places: GazetteerPlaces,
    every_batch_commits: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = write_sirene([sirene_row(n) for n in range(ROWS)])
    commits = 0
    real_commit = Slices.commit

    def commit_then_fail(self: Slices) -> None:
        nonlocal commits
        if commits == 2:
            raise OSError(28, "No space left on device")
        real_commit(self)
        commits += 1

    monkeypatch.setattr(Slices, "commit", commit_then_fail)
    with pytest.raises(OSError) as failed, recording_interruption(db, path, "test"):
        import_sirene(db, path, places=places, batch_size=BATCH)
    partial = committed_part(failed.value)
    assert partial is not None and partial.created == 2 * BATCH
    monkeypatch.setattr(Slices, "commit", real_commit)
    orgs, outbox, healthy = _counts(db)
    assert (orgs, outbox, healthy) == (2 * BATCH, 2 * BATCH, 1)
    entry = import_history(db)[0]
    assert entry.interrupted is not None and entry.interrupted.startswith("failed:")
    assert "No space left" in entry.interrupted


def test_without_interruption_nothing_is_recorded_as_interrupted(
    db: Database,
    write_sirene: SireneWriter,
    places: GazetteerPlaces,
) -> None:
    path = write_sirene([sirene_row(n) for n in range(ROWS)])
    with pytest.raises(Cancelled) as stopped, recording_interruption(db, path, "test"):
        import_sirene(db, path, places=places, batch_size=BATCH, cancel=cancelled())
    # A slice of a second: cancelled before its first commit, nothing is in.
    assert committed_part(stopped.value) is None
    assert _counts(db)[0] == 0
    assert import_history(db) == []


def test_a_report_snapshot_is_taken_at_each_commit(db: Database) -> None:
    report = ImportReport(source="test")
    with db.engine.connect() as conn:
        slices = Slices(conn, report, bulk=False, slice_s=0.0, yield_s=0.0)
        slices.begin()
        report.read, report.created = 10, 4
        slices.touched("siret", ["55210055400013"])
        slices.checkpoint()  # commits: the snapshot follows
        report.read, report.created = 20, 9
        slices.rollback()
    assert (slices.committed.read, slices.committed.created) == (10, 4)
    assert slices.commits == 1
