"""Peak memory and time of bundle imports, hostile and huge-but-legitimate.

    PYTHONPATH=. python benchmarks/hostile_bundle.py [--orgs 25000] [--contacts 25000]
                                                     [--bomb-mib 1024] [--outbox 5000]

Builds, in a temporary folder, a SQLite registry with an officer of the Nord and a manager,
seeded with ``--orgs`` organisations and ``--contacts`` contacts; then times, each in its own
process (``python -m hdf_field ...``), with the peak resident memory of that process
(``getrusage(RUSAGE_CHILDREN).ru_maxrss`` read by a one-child wrapper):

* ``registry import-bundle`` of a gzip bomb sealed with the officer's valid key (what an
  attacker with an officer account can make): ``--bomb-mib`` MiB of zeros after a JSON
  prefix, about 1 MB on disk;
* ``bundle import`` on a laptop of a bomb sealed as a reply with the laptop's own key;
* ``registry import-bundle`` of a legitimate manager's bundle of ``--outbox`` mutations,
  whose reply carries every record of the region;
* ``bundle import`` of that reply on the manager's laptop.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
import zlib
from pathlib import Path

from sqlalchemy import insert, select

from hdf_field.domain.enums import Role
from hdf_field.registry import service
from hdf_field.registry.sequence import catch_up
from hdf_field.storage.database import Database, open_database
from hdf_field.storage.orm import Contact, Organisation
from hdf_field.storage.uow import UnitOfWork
from hdf_field.sync import sealed

DEPTS = ["02", "59", "60", "62", "80"]
WRAPPER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "print(code.returncode)\n"
    "print(((code.stderr or code.stdout).strip().splitlines() or [''])[-1])\n"
)


def seed(db: Database, n_orgs: int, n_contacts: int) -> tuple[str, str]:
    with UnitOfWork(db) as uow:
        service.add_user(uow.session, "chef@hdf.fr", Role.MANAGER, None)
        manager = service.create_token(uow.session, "chef@hdf.fr")
        service.add_user(uow.session, "nord@hdf.fr", Role.OFFICER, None, territory=["59"])
        officer = service.create_token(uow.session, "nord@hdf.fr")
        uow.commit()
    orgs = [
        {
            "id": uuid.uuid4(),
            "name": f"Entreprise {i}",
            "departement": DEPTS[i % 5],
            "city": "Lille",
            "tags": ["bench"],
            "priority": i % 4,
            "lat": 50.6,
            "lon": 3.06,
            "notes": "Fiche de référence " * 8,
        }
        for i in range(n_orgs)
    ]
    contacts = [
        {
            "id": uuid.uuid4(),
            "organisation_id": orgs[i % n_orgs]["id"],
            "last_name": f"Nom {i}",
            "first_name": "Camille",
            "email": f"c{i}@ex.fr",
            "phone": "0320000000",
        }
        for i in range(n_contacts)
    ]
    with db.engine.begin() as conn:
        for model, rows in ((Organisation, orgs), (Contact, contacts)):
            for start in range(0, len(rows), 2000):
                conn.execute(insert(model.__table__), rows[start : start + 2000])
    with db.session_factory() as s:
        catch_up(s)
        s.commit()
    return officer, manager


def bomb(mib: int) -> bytes:
    """gzip of a JSON prefix then ``mib`` MiB of zeros: the decompressed size is the attack."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(1 << 20)
    parts = [comp.compress(b'{"cursor": 0, "mutations": [], "author": "')]
    parts += [comp.compress(zeros) for _ in range(mib)]
    parts.append(comp.flush())
    return b"".join(parts)


def measure(label: str, argv: list[str], env: dict[str, str]) -> None:
    t0 = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", WRAPPER, sys.executable, "-m", "hdf_field", *argv],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    elapsed = time.perf_counter() - t0
    rss_kib, code, last = out.stdout.strip().splitlines()[:3]
    print(
        f"{label:<44} {elapsed:7.2f} s  peak {int(rss_kib) / 1024:7.1f} MiB  "
        f"exit {code}  {last.removeprefix('hdf-field: error: ')[:160]}"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--orgs", type=int, default=25_000)
    ap.add_argument("--contacts", type=int, default=25_000)
    ap.add_argument("--bomb-mib", type=int, default=1024)
    ap.add_argument("--outbox", type=int, default=5_000)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="hdf-hostile-"))
    env = {
        **os.environ,
        "XDG_CONFIG_HOME": str(tmp / "config"),
        "XDG_DATA_HOME": str(tmp / "data"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    try:
        reg_path = tmp / "registry.sqlite3"
        reg = service.open_registry(reg_path)
        t0 = time.perf_counter()
        officer, manager = seed(reg, args.orgs, args.contacts)
        reg.dispose()
        print(
            f"seeded {args.orgs} organisations, {args.contacts} contacts in "
            f"{time.perf_counter() - t0:.1f} s"
        )
        print(f"limits: file {sealed.MAX_FILE} bytes, payload {sealed.MAX_PAYLOAD} bytes")

        packed = bomb(args.bomb_mib)
        to_registry = tmp / "bomb.hdfb"
        to_registry.write_bytes(
            sealed.seal_packed(
                packed, sealed.bundle_key(officer), sealed.key_id(officer), "mutations"
            )
        )
        to_laptop = tmp / "bomb-reply.hdfb"
        to_laptop.write_bytes(
            sealed.seal_packed(packed, sealed.bundle_key(officer), sealed.key_id(officer), "reply")
        )
        print(
            f"bomb: {to_registry.stat().st_size} bytes on disk, "
            f"{args.bomb_mib} MiB once decompressed"
        )
        laptop = tmp / "laptop.sqlite3"
        open_database(laptop).dispose()
        measure(
            "registry import-bundle (gzip bomb)",
            [
                "registry",
                "import-bundle",
                str(to_registry),
                "--db",
                str(reg_path),
                "--reply",
                str(tmp / "r.hdfb"),
            ],
            env,
        )
        measure(
            "bundle import on a laptop (gzip bomb reply)",
            ["bundle", "import", str(to_laptop), "--db", str(laptop), "--token", officer],
            env,
        )

        # A manager's laptop with a long outbox, and the whole region in the reply.
        mlap = tmp / "manager.sqlite3"
        mdb = open_database(mlap)
        with UnitOfWork(mdb) as uow:
            uow.session.add_all(
                [
                    Organisation(
                        name=f"Nouvelle {i}", departement=DEPTS[i % 5], notes="Saisie terrain " * 6
                    )
                    for i in range(args.outbox)
                ]
            )
            uow.commit()
        mdb.dispose()
        out, reply = tmp / "manager.hdfb", tmp / "manager-reply.hdfb"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "hdf_field",
                "bundle",
                "export",
                str(out),
                "--db",
                str(mlap),
                "--token",
                manager,
            ],
            env=env,
            check=True,
            capture_output=True,
        )
        print(f"manager bundle: {args.outbox} mutations, {out.stat().st_size} bytes")
        measure(
            f"registry import-bundle ({args.outbox} mutations + reply)",
            ["registry", "import-bundle", str(out), "--db", str(reg_path), "--reply", str(reply)],
            env,
        )
        raw = sealed.open_sealed(
            reply,
            reply.read_bytes(),
            sealed.read_header(reply, reply.read_bytes()),
            sealed.bundle_key(manager),
        )
        n_records = len(json.loads(raw)["records"])
        print(
            f"reply: {n_records} records, {reply.stat().st_size} bytes sealed, "
            f"{len(raw)} bytes of JSON"
        )
        del raw
        measure(
            "bundle import of that reply (manager laptop)",
            ["bundle", "import", str(reply), "--db", str(mlap), "--token", manager],
            env,
        )
        with open_registry_session(reg_path) as count:
            print(f"registry organisations after: {count}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


class open_registry_session:  # noqa: N801 - a tiny context manager for the last figure
    def __init__(self, path: Path) -> None:
        self.db = open_database(path)

    def __enter__(self) -> int:
        with self.db.session() as s:
            return len(s.scalars(select(Organisation.id)).all())

    def __exit__(self, *exc: object) -> None:
        self.db.dispose()


if __name__ == "__main__":
    main()
