"""Build the PyInstaller bundle and use it the way a new officer would, away from the source.

    python scripts/bundle_smoke.py              # pyinstaller --noconfirm build.spec, then test
    python scripts/bundle_smoke.py --no-build   # test the existing dist/hdf-field
    python scripts/bundle_smoke.py --postgres postgresql+psycopg://user@host/db  # + PostgreSQL

The bundle is copied to a temporary folder and run with a fresh HOME and XDG folders, no
PYTHONPATH and the build environment's bin/ off PATH (so no pyside6-lrelease): ``--version``,
``demo``, ``stats``, ``route solve`` on a 12-visit day with each solver (and a TSPLIB file),
``plan day --pdf``, ``contact export --pdf`` (an AES-256 ZIP, decrypted here),
``plan campaign --solver ortools``, ``gui --screenshots`` in French and
English (PNGs must exist and not be blank; no lrelease warning), and ``registry serve`` on a
free loopback port answering ``GET /health`` with a fresh laptop syncing with it (with
``--postgres``, also on that PostgreSQL database). Prints each step with its time, then the
bundle's size and file count, the build time and cold-start times of the bundle and of the
source checkout. Exits 1 if any step failed. Needs the same system libraries as the GUI tests.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
NAME = "hdf-field"
IS_WIN = sys.platform == "win32"
# Generous ceilings: the slowest steps (GUI screenshots, first WebEngine start) take ~1 min
# on a shared 2-core machine; a hang must fail the run, not block CI.
STEP_TIMEOUT_S = 600
HEALTH_TIMEOUT_S = 90
# A ceiling on the Linux bundle (MiB), so that a dependency, a Qt module or a system library
# creeping back in fails here. Issue 11's target is 450 MB (429.2 MiB): measured 427 MiB once
# build.spec stubbed the libraries the app links but never calls, left wheels' copies of the
# desktop's OpenSSL/Kerberos/SQLite to the desktop and trimmed PROJ's database
# (scripts/bundle_stubs.py, README "Packaging"); before that 509 MiB. --max-size-mb
# overrides it; other platforms are reported, not checked, until their size has been measured.
LINUX_SIZE_LIMIT_MIB = 429
# Points in the Lille–Arras–Douai area: a realistic 12-visit day from a start in Lille.
DAY_CENTRE = (50.45, 3.0)


class StepFailed(Exception):
    pass


def app_version() -> str:
    namespace: dict[str, Any] = {}
    exec((ROOT / "hdf_field" / "__init__.py").read_text(encoding="utf-8"), namespace)
    return str(namespace["__version__"])


def folder_size(folder: Path) -> tuple[int, int]:
    """(bytes, regular files) of a folder; symbolic links are neither counted nor followed."""
    total = count = 0
    for base, _dirs, files in os.walk(folder):
        for name in files:
            info = os.lstat(os.path.join(base, name))
            if not os.path.islink(os.path.join(base, name)):
                total += info.st_size
                count += 1
    return total, count


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def write_day_instance(path: Path, visits: int = 12, seed: int = 7) -> None:
    rng = random.Random(seed)
    points = [[50.6292, 3.0573]] + [
        [
            round(DAY_CENTRE[0] + rng.uniform(-0.25, 0.25), 5),
            round(DAY_CENTRE[1] + rng.uniform(-0.35, 0.35), 5),
        ]
        for _ in range(visits)
    ]
    path.write_text(
        json.dumps(
            {
                "points": points,
                "service": [0] + [1800] * visits,
                "day": [8 * 3600, 19 * 3600],
                "value": [0] + [1] * visits,
            }
        ),
        encoding="utf-8",
    )


def write_tsplib(path: Path, nodes: int = 13, seed: int = 11) -> None:
    rng = random.Random(seed)
    coords = "\n".join(
        f"{k + 1} {rng.randint(0, 1000)} {rng.randint(0, 1000)}" for k in range(nodes)
    )
    path.write_text(
        f"NAME : smoke{nodes}\nTYPE : TSP\nDIMENSION : {nodes}\nEDGE_WEIGHT_TYPE : EUC_2D\n"
        f"NODE_COORD_SECTION\n{coords}\nEOF\n",
        encoding="ascii",
    )


def png_is_blank(path: Path) -> bool:
    """True when every sampled pixel has the same colour (a window that never painted)."""
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    if image.isNull() or image.width() < 50 or image.height() < 50:
        return True
    step_x, step_y = max(1, image.width() // 40), max(1, image.height() // 40)
    colours = {
        image.pixel(x, y)
        for x in range(0, image.width(), step_x)
        for y in range(0, image.height(), step_y)
    }
    return len(colours) < 2


class Smoke:
    def __init__(self, app: Path, work: Path, verbose: bool) -> None:
        self.app = app
        self.work = work
        self.verbose = verbose
        self.failures: list[str] = []
        self.times: dict[str, float] = {}
        home = work / "home"
        for sub in ("config", "data", "cache", "state"):
            (home / sub).mkdir(parents=True, exist_ok=True)
        venv_bin = str(Path(sys.executable).parent)
        path = os.pathsep.join(
            p
            for p in os.environ.get("PATH", "").split(os.pathsep)
            if p and Path(p).resolve() != Path(venv_bin).resolve()
        )
        drop = ("PYTHON", "VIRTUAL_ENV", "CONDA", "QT_PLUGIN_PATH", "QML", "LD_LIBRARY_PATH")
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
        self.env.update(
            {
                "HOME": str(home),
                "USERPROFILE": str(home),
                "APPDATA": str(home / "data"),
                "LOCALAPPDATA": str(home / "cache"),
                "XDG_CONFIG_HOME": str(home / "config"),
                "XDG_DATA_HOME": str(home / "data"),
                "XDG_CACHE_HOME": str(home / "cache"),
                "XDG_STATE_HOME": str(home / "state"),
                "PATH": path,
                "QT_QPA_PLATFORM": "offscreen",
                # The tests run as root in CI; Chromium refuses its sandbox there.
                "QTWEBENGINE_CHROMIUM_FLAGS": os.environ.get(
                    "QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox"
                ),
                "PYTHONIOENCODING": "utf-8",
            }
        )
        # The laptop database is encrypted (SQLCipher): the bundle takes its key from the
        # environment, as scripts do, so that this script can read the demo database back.
        self.db_key = secrets.token_hex(32)
        self.env["HDF_FIELD_DB_KEY"] = self.db_key
        self.exe = app / (f"{NAME}.exe" if IS_WIN else NAME)
        self.gui_exe = app / f"{NAME}-gui.exe" if IS_WIN else self.exe

    def run(
        self,
        args: Sequence[str],
        *,
        exe: Path | None = None,
        timeout: float = STEP_TIMEOUT_S,
        env: dict[str, str] | None = None,
    ) -> subprocess.CompletedProcess[str]:
        cmd = [str(exe or self.exe), *args]
        result = subprocess.run(
            cmd,
            cwd=self.work,
            env=env or self.env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=timeout,
        )
        if self.verbose:
            print(f"    $ {' '.join(cmd)}\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
        if result.returncode != 0:
            tail = (result.stderr or result.stdout).strip().splitlines()[-5:]
            raise StepFailed(f"exit {result.returncode}: " + " | ".join(tail))
        return result

    def step(self, name: str, body: Callable[[], str | None]) -> None:
        start = time.perf_counter()
        try:
            detail = body()
        except (StepFailed, subprocess.SubprocessError, OSError, ValueError, KeyError) as exc:
            elapsed = time.perf_counter() - start
            self.failures.append(f"{name}: {exc}")
            print(f"FAIL {name:<42} {elapsed:7.1f} s  {exc}", flush=True)
            return
        elapsed = time.perf_counter() - start
        self.times[name] = elapsed
        print(f"ok   {name:<42} {elapsed:7.1f} s  {detail or ''}", flush=True)

    # --- the steps ---------------------------------------------------------------------------
    def version(self) -> str:
        out = self.run(["--version"]).stdout.strip()
        want = f"{NAME} {app_version()}"
        if out != want:
            raise StepFailed(f"printed {out!r}, expected {want!r}")
        return out

    def demo(self) -> str:
        db = self.work / "demo.sqlite3"
        summary = json.loads(
            self.run(["demo", "--db", str(db), "--prospects", "600", "--json"]).stdout
        )
        if summary.get("organisations") != 600 or not summary.get("officers"):
            raise StepFailed(f"unexpected summary {summary}")
        return f"{summary['organisations']} organisations, {summary['officers']} officers"

    def stats(self) -> str:
        stats = json.loads(
            self.run(["stats", "--db", str(self.work / "demo.sqlite3"), "--json"]).stdout
        )
        if stats.get("organisations") != 600:
            raise StepFailed(f"unexpected stats {stats}")
        return f"{stats['visits']} visits"

    def route(self, solver: str) -> str:
        instance = self.work / "day12.json"
        if not instance.exists():
            write_day_instance(instance)
        result = json.loads(
            self.run(
                ["route", "solve", str(instance), "--solver", solver, "--time-limit", "2", "--json"]
            ).stdout
        )
        if result.get("solver") != solver:
            raise StepFailed(f"solved by {result.get('solver')!r}, not {solver}")
        visited = [k for k in result["order"] if k != 0]
        if sorted(visited + list(result["unserved"])) != list(range(1, 13)):
            raise StepFailed(f"visits and unserved do not cover the 12 stops: {result}")
        return f"cost {result['cost']}, {len(visited)} visited, {len(result['unserved'])} unserved"

    def tsplib(self, solver: str) -> str:
        tsp = self.work / "smoke13.tsp"
        if not tsp.exists():
            write_tsplib(tsp)
        result = json.loads(
            self.run(
                [
                    "route",
                    "solve",
                    "--tsplib",
                    str(tsp),
                    "--solver",
                    solver,
                    "--time-limit",
                    "2",
                    "--json",
                ]
            ).stdout
        )
        if sorted(result["tour"]) != list(range(1, 14)):
            raise StepFailed(f"tour is not a permutation of the 13 nodes: {result['tour']}")
        return f"length {result['length']} ({result['solver']})"

    def _officer(self) -> str:
        from hdf_field.storage.encryption import DatabaseKey, keyed_connect

        key = DatabaseKey.from_hex(self.db_key, "HDF_FIELD_DB_KEY")
        con = keyed_connect(self.work / "demo.sqlite3", key, read_only=True)
        try:
            row = con.execute("SELECT email FROM officer ORDER BY email LIMIT 1").fetchone()
        finally:
            con.close()
        if row is None:
            raise StepFailed("the demo database has no officer")
        return str(row[0])

    @staticmethod
    def _next_monday() -> date:
        today = date.today()
        return today + timedelta(days=7 - today.weekday())

    def plan_day(self) -> str:
        pdf = self.work / "day.pdf"
        self.run(
            [
                "plan",
                "day",
                "--db",
                str(self.work / "demo.sqlite3"),
                "--officer",
                self._officer(),
                "--date",
                self._next_monday().isoformat(),
                "--pdf",
                str(pdf),
            ]
        )
        data = pdf.read_bytes() if pdf.exists() else b""
        if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:] or len(data) < 5000:
            raise StepFailed(f"{pdf}: no complete PDF ({len(data)} bytes)")
        return f"{len(data) // 1024} KiB PDF"

    def contact_export(self) -> str:
        """A person's data as an AES-256 ZIP (pyzipper, pycryptodomex's AES/HMAC/PBKDF2 and
        reportlab in the bundle), opened here with the passphrase it printed."""
        import pyzipper

        from hdf_field.storage.encryption import DatabaseKey, keyed_connect

        key = DatabaseKey.from_hex(self.db_key, "HDF_FIELD_DB_KEY")
        con = keyed_connect(self.work / "demo.sqlite3", key, read_only=True)
        try:
            row = con.execute("SELECT id FROM contact ORDER BY id LIMIT 1").fetchone()
        finally:
            con.close()
        if row is None:
            raise StepFailed("the demo database has no contact")
        out = self.work / "contact.zip"
        result = json.loads(
            self.run(
                [
                    "contact",
                    "export",
                    str(row[0]),
                    "--db",
                    str(self.work / "demo.sqlite3"),
                    "--pdf",
                    str(out),
                    "--json",
                    "--show-passphrase",
                ]
            ).stdout
        )
        if not result.get("encrypted"):
            raise StepFailed(f"the export is not encrypted: {result}")
        with pyzipper.AESZipFile(out) as archive:
            archive.setpassword(str(result["passphrase"]).encode("utf-8"))
            members = {name: archive.read(name) for name in archive.namelist()}
        pdfs = [data for name, data in members.items() if name.endswith(".pdf")]
        if not pdfs or not pdfs[0].startswith(b"%PDF-"):
            raise StepFailed(f"no PDF in the decrypted ZIP: {sorted(members)}")
        return f"{len(members)} members decrypted ({', '.join(sorted(members))})"

    def plan_campaign(self) -> str:
        out = self.run(
            [
                "plan",
                "campaign",
                "--db",
                str(self.work / "demo.sqlite3"),
                "--start",
                self._next_monday().isoformat(),
                "--weeks",
                "1",
                "--solver",
                "ortools",
                "--officer",
                self._officer(),
                "--json",
            ]
        ).stdout
        plan = json.loads(out)
        days = plan.get("days") if isinstance(plan, dict) else None
        if not days:
            raise StepFailed(f"no planned day in {out[:300]}")
        return f"{len(days)} days"

    def gui(self, lang: str) -> str:
        shots = self.work / f"shots-{lang}"
        result = self.run(
            [
                "gui",
                "--db",
                str(self.work / "demo.sqlite3"),
                "--screenshots",
                str(shots),
                "--lang",
                lang,
            ],
            exe=self.gui_exe,
        )
        pngs = sorted(shots.glob("*.png"))
        if not pngs:
            raise StepFailed(f"no PNG in {shots}")
        blank = [p.name for p in pngs if png_is_blank(p)]
        if blank:
            raise StepFailed(f"blank screenshots: {', '.join(blank)}")
        missing = [line for line in result.stderr.splitlines() if " unavailable: " in line]
        if missing:  # hdf_field.ui.main_window leaves out a screen whose module fails to import
            raise StepFailed("screens left out: " + " | ".join(missing))
        if "lrelease" in result.stderr or "untranslated" in result.stderr:
            raise StepFailed(
                "the bundle tried to compile its translations: "
                + result.stderr.strip().splitlines()[-1]
            )
        return f"{len(pngs)} screenshots"

    def registry(self, url: str | None = None) -> str:
        """The server answers /health, and a fresh laptop syncs with it (httpx, keyring or
        its file fallback, the sync engine on both sides). ``url``: a PostgreSQL database
        (psycopg and libpq in the bundle) instead of a SQLite file."""
        port = free_port()
        db = url or str(self.work / "registry.sqlite3")
        email = f"officer-{secrets.token_hex(4)}@smoke.example"
        subprocess.run(
            [
                str(self.exe),
                "registry",
                "user",
                "add",
                email,
                "--role",
                "officer",
                "--name",
                "Smoke Test",
                "--territory",
                "59",
                "--db",
                str(db),
            ],
            input="smoke-password-123\n",
            cwd=self.work,
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
            timeout=STEP_TIMEOUT_S,
        )
        token = json.loads(
            self.run(["registry", "token", "create", email, "--db", str(db), "--json"]).stdout
        )["token"]
        log_path = self.work / "registry.log"  # a file, not a pipe nobody drains
        with log_path.open("w", encoding="utf-8") as log:
            proc = subprocess.Popen(
                [
                    str(self.exe),
                    "registry",
                    "serve",
                    "--db",
                    str(db),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                ],
                cwd=self.work,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            deadline = time.monotonic() + HEALTH_TIMEOUT_S
            while time.monotonic() < deadline:
                if proc.poll() is not None:
                    raise StepFailed(
                        f"server exited {proc.returncode}: "
                        + log_path.read_text(errors="replace")[-500:]
                    )
                try:
                    with urllib.request.urlopen(
                        f"http://127.0.0.1:{port}/health", timeout=2
                    ) as reply:
                        health = json.loads(reply.read())
                    break
                except OSError:
                    time.sleep(0.5)
            else:
                raise StepFailed(f"no answer on /health within {HEALTH_TIMEOUT_S} s")
            laptop = self.work / f"laptop-{port}.sqlite3"
            synced = json.loads(
                self.run(
                    [
                        "sync",
                        "--server",
                        f"http://127.0.0.1:{port}",
                        "--token",
                        token,
                        "--db",
                        str(laptop),
                        "--json",
                    ]
                ).stdout
            )
            if synced.get("pulled", 0) < 1 or synced.get("pending") != 0:
                raise StepFailed(f"sync pulled nothing: {synced}")
            return f"port {port}: {health.get('status')}; sync pulled {synced['pulled']}"
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    # --- cold starts -------------------------------------------------------------------------
    def timed(self, cmd: Sequence[str], env: dict[str, str]) -> float:
        start = time.perf_counter()
        subprocess.run(
            list(cmd),
            cwd=self.work,
            env=env,
            capture_output=True,
            check=True,
            timeout=STEP_TIMEOUT_S,
        )
        return time.perf_counter() - start


def build(dist: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--distpath", str(dist), "build.spec"],
        cwd=ROOT,
        check=True,
    )
    return time.perf_counter() - start


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-build", action="store_true", help="test the existing dist/ folder")
    ap.add_argument("--dist", type=Path, default=ROOT / "dist", help="PyInstaller's dist folder")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    ap.add_argument("--verbose", action="store_true", help="print each command's output")
    ap.add_argument(
        "--postgres",
        metavar="URL",
        help="also run the registry on this PostgreSQL database "
        "(postgresql+psycopg://user@host/db; tables are created in it)",
    )
    ap.add_argument(
        "--max-size-mb",
        type=int,
        metavar="MIB",
        help=f"fail above this size (default on Linux: {LINUX_SIZE_LIMIT_MIB})",
    )
    args = ap.parse_args(argv)

    build_s: float | None = None
    if not args.no_build:
        build_s = build(args.dist)
    source = args.dist / NAME
    if not source.is_dir():
        print(f"{source}: no bundle (build it, or drop --no-build)", file=sys.stderr)
        return 1

    work = Path(tempfile.mkdtemp(prefix="hdf-bundle-smoke-"))
    try:
        app = work / "app" / NAME
        shutil.copytree(source, app, symlinks=True)
        size, files = folder_size(app)
        smoke = Smoke(app, work, args.verbose)
        print(f"bundle copied to {app}")
        smoke.step("--version", smoke.version)
        smoke.step("demo", smoke.demo)
        smoke.step("stats", smoke.stats)
        solvers = ["exact", "ortools", "pyvrp"]
        if importlib.util.find_spec("vroom") is not None:
            solvers.append("vroom")
        for solver in solvers:
            smoke.step(f"route solve 12 visits --solver {solver}", lambda s=solver: smoke.route(s))  # type: ignore[misc]
        for solver in ("exact", "ortools", "pyvrp"):
            smoke.step(f"route solve --tsplib --solver {solver}", lambda s=solver: smoke.tsplib(s))  # type: ignore[misc]
        smoke.step("plan day --pdf", smoke.plan_day)
        smoke.step("contact export --pdf (AES-256 ZIP)", smoke.contact_export)
        smoke.step("plan campaign --solver ortools", smoke.plan_campaign)
        smoke.step("gui --screenshots (fr)", lambda: smoke.gui("fr"))
        smoke.step("gui --screenshots --lang en", lambda: smoke.gui("en"))
        smoke.step("registry serve, GET /health, sync", smoke.registry)
        if args.postgres:
            smoke.step(
                "registry serve on PostgreSQL, /health, sync", lambda: smoke.registry(args.postgres)
            )
        limit = args.max_size_mb or (
            LINUX_SIZE_LIMIT_MIB if sys.platform.startswith("linux") else None
        )
        if limit is not None and size > limit * 2**20:
            smoke.failures.append(f"bundle is {size / 2**20:.0f} MiB, over the {limit} MiB limit")

        venv_env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "QT_QPA_PLATFORM": "offscreen",
            "QTWEBENGINE_CHROMIUM_FLAGS": smoke.env["QTWEBENGINE_CHROMIUM_FLAGS"],
            "HDF_FIELD_DB_KEY": smoke.db_key,
        }
        venv = [sys.executable, "-m", "hdf_field"]
        shots = ["gui", "--db", str(work / "demo.sqlite3"), "--screenshots"]
        figures: list[tuple[str, float, float]] = []
        try:
            figures.append(
                (
                    "--version",
                    smoke.timed([str(smoke.exe), "--version"], smoke.env),
                    smoke.timed([*venv, "--version"], venv_env),
                )
            )
            figures.append(
                (
                    "gui --screenshots",
                    smoke.timed([str(smoke.gui_exe), *shots, str(work / "t-bundle")], smoke.env),
                    smoke.timed([*venv, *shots, str(work / "t-venv")], venv_env),
                )
            )
        except (subprocess.SubprocessError, OSError) as exc:
            smoke.failures.append(f"timing: {exc}")
        else:
            # The bundle must show every screen the source checkout shows.
            ours = {p.name for p in (work / "t-bundle").glob("*.png")}
            theirs = {p.name for p in (work / "t-venv").glob("*.png")}
            if ours != theirs:
                smoke.failures.append(
                    f"screens differ from the checkout: bundle lacks {sorted(theirs - ours)}, "
                    f"has extra {sorted(ours - theirs)}"
                )

        print()
        print(f"bundle: {size / 2**20:.0f} MiB in {files} files ({source})")
        if build_s is not None:
            print(f"build time: {build_s:.0f} s")
        for label, bundle_s, venv_s in figures:
            print(f"cold start {label:<18} bundle {bundle_s:5.1f} s   venv {venv_s:5.1f} s")
        if smoke.failures:
            print(f"\n{len(smoke.failures)} failed:")
            for failure in smoke.failures:
                print(f"  {failure}")
            return 1
        print(f"\n{len(smoke.times)} passed, 0 failed")
        return 0
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
