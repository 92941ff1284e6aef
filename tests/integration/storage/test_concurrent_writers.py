"""Two programs writing one laptop database: the second waits its turn and succeeds.

Real processes, as an officer runs them: ``hdf-field import sirene`` of a generated stock
and ``hdf-field org set`` edits at the same time. Before batched commits and BEGIN IMMEDIATE
most edits failed within a second with "database is locked".
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
GENERATOR = ROOT / "benchmarks" / "generate_sirene.py"

pytestmark = pytest.mark.slow


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    return env


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hdf_field", *args],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=300,
    )


def _generate(out: Path, in_region: int, seed: int, out_of_region: int | None = None) -> None:
    cmd = [
        sys.executable,
        str(GENERATOR),
        "--in-region",
        str(in_region),
        "--seed",
        str(seed),
        "--out",
        str(out),
    ]
    if out_of_region is not None:
        cmd += ["--out-of-region", str(out_of_region)]
    subprocess.run(cmd, check=True, capture_output=True, env=_env(), timeout=300)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """A database with a few dozen organisations to edit, and their SIRETs."""
    folder = tmp_path_factory.mktemp("writers")
    seed = folder / "seed.csv"
    _generate(seed, 80, seed=3, out_of_region=0)
    db = folder / "template.sqlite3"
    done = _cli("import", "sirene", str(seed), "--db", str(db))
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(db) as conn:
        sirets = [
            s
            for (s,) in conn.execute(
                "SELECT siret FROM organisation WHERE siret IS NOT NULL ORDER BY siret"
            )
        ]
    assert len(sirets) >= 25
    return db, sirets


def _copy(template: Path, target: Path) -> Path:
    with sqlite3.connect(template) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


def _edit_loop(db: Path, sirets: list[str], tag: str) -> list[tuple[str, int, str, float]]:
    """Edit each SIRET's notes in turn; (siret, exit code, stderr, time it finished)."""
    out = []
    for siret in sirets:
        done = _cli("org", "set", siret, f"notes={tag}-{siret}", "--db", str(db))
        out.append((siret, done.returncode, done.stderr.strip(), time.monotonic()))
    return out


def _notes(db: Path) -> dict[str, str | None]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT siret, notes FROM organisation"))


def test_edits_during_an_import_all_succeed(seeded: tuple[Path, list[str]], tmp_path: Path) -> None:
    template, sirets = seeded
    db = _copy(template, tmp_path / "laptop.sqlite3")
    stock = tmp_path / "stock.csv"
    _generate(stock, 80_000, seed=11)
    with sqlite3.connect(db) as conn:
        before = conn.execute("SELECT count(*) FROM organisation").fetchone()[0]
    importer = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "hdf_field",
            "import",
            "sirene",
            str(stock),
            "--db",
            str(db),
            "--json",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    try:
        # Start editing once the import has committed its first slice (not after a guessed
        # delay: on a quiet machine a fixed sleep left too little of the import to overlap).
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and importer.poll() is None:
            with sqlite3.connect(db, timeout=30) as conn:
                if conn.execute("SELECT count(*) FROM organisation").fetchone()[0] > before:
                    break
            time.sleep(0.05)
        targets = sirets[:25]
        with ThreadPoolExecutor(max_workers=4) as pool:
            ended = pool.submit(lambda: (importer.communicate(timeout=600), time.monotonic()))
            futures = [pool.submit(_edit_loop, db, targets[i::3], "during") for i in range(3)]
            results = [r for f in futures for r in f.result()]
            (out, err), import_end = ended.result()
    finally:
        if importer.poll() is None:
            importer.kill()
            importer.wait()
    assert importer.returncode == 0, err
    failures = [(s, rc, e) for s, rc, e, _ in results if rc != 0]
    assert failures == []
    assert len(results) == 25
    # The point of the test: the edits really ran while the import was writing.
    during = sum(1 for *_, finished in results if finished < import_end)
    print(f"{during} of 25 edits overlapped the import")
    assert during >= 3, f"only {during} edits overlapped the import: make the stock larger"
    notes = _notes(db)
    assert all(notes[s] == f"during-{s}" for s in targets)
    assert '"created"' in out


def test_three_parallel_edit_loops_all_succeed(
    seeded: tuple[Path, list[str]], tmp_path: Path
) -> None:
    template, sirets = seeded
    db = _copy(template, tmp_path / "laptop.sqlite3")
    loops = [sirets[i * 6 : (i + 1) * 6] for i in range(3)]
    with ThreadPoolExecutor(max_workers=3) as pool:
        futures = [pool.submit(_edit_loop, db, loop, f"loop{i}") for i, loop in enumerate(loops)]
        results = [f.result() for f in futures]
    failures = [(s, rc, e) for loop in results for s, rc, e, _ in loop if rc != 0]
    assert failures == []
    notes = _notes(db)
    for i, loop in enumerate(loops):
        assert all(notes[s] == f"loop{i}-{s}" for s in loop)
