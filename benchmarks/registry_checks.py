"""What the registry's guards cost on a push: the domain checks in decoding, the Unicode walk
of the request body, and a whole push of full organisation records through the app.

    PYTHONPATH=. python benchmarks/registry_checks.py [--batch 1000] [--rounds 5]

Prints milliseconds per batch (median of the rounds) for: decoding with the domain checks,
decoding without them (the type checks only), the NUL/surrogate walk over the parsed body,
and an in-process HTTP push of the batch to a fresh SQLite registry (a manager's, so the
scope rules take their quickest path; an officer's batch adds one organisation lookup per
record, measured separately).
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

from hdf_field.domain.enums import Role
from hdf_field.registry import service
from hdf_field.registry.app import create_app
from hdf_field.storage.database import open_database
from hdf_field.storage.uow import UnitOfWork
from hdf_field.sync.records import ENTITIES
from hdf_field.sync.schemas import PushRequest, check_json_text


def organisation(i: int) -> dict[str, Any]:
    return {
        "name": f"Entreprise {i}",
        "departement": "59",
        "postal_code": "59000",
        "city": "Lille",
        "insee_code": "59350",
        "lat": 50.63,
        "lon": 3.06,
        "email": f"contact{i}@example.fr",
        "website": f"https://example{i}.fr",
        "phone": "03 20 00 00 00",
        "tags": ["textile", "export"],
        "notes": "n" * 2000,
        "naf_code": "29.10Z",
        "status": "identified",
        "priority": 2,
    }


def batch(size: int) -> list[dict[str, Any]]:
    return [
        {
            "mutation_id": str(uuid.uuid4()),
            "entity": "organisation",
            "record_id": str(uuid.uuid4()),
            "base_version": 0,
            "changes": {k: [None, v] for k, v in organisation(i).items()},
        }
        for i in range(size)
    ]


def timed(fn: Any, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def decode_all(mutations: list[dict[str, Any]], checked: bool) -> None:
    espec = ENTITIES["organisation"]
    for m in mutations:
        for key, (_old, new) in m["changes"].items():
            espec.decode(key, new, checked=checked)


def push_over_http(mutations: list[dict[str, Any]], role: Role) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp) / "t.sqlite3"
        open_database(template).dispose()
        target = Path(tmp) / "r.sqlite3"
        shutil.copyfile(template, target)
        db = service.open_registry(target)
        with UnitOfWork(db) as uow:
            service.add_user(uow.session, "b@hdf.fr", role, None, territory=["59"])
            token = service.create_token(uow.session, "b@hdf.fr")
            uow.commit()
        app = create_app(db)

        async def go() -> float:
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://r") as http:
                start = time.perf_counter()
                resp = await http.post(
                    "/sync/push",
                    json={"mutations": mutations},
                    headers={"Authorization": f"Bearer {token}"},
                )
                elapsed = (time.perf_counter() - start) * 1000
            assert resp.status_code == 200, resp.text[:300]
            return elapsed

        try:
            return asyncio.run(go())
        finally:
            db.dispose()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    mutations = batch(args.batch)
    body = PushRequest.model_validate({"mutations": mutations}).model_dump_json()
    print(f"batch: {args.batch} organisation creations, {len(body) / 1e6:.1f} MB of JSON")
    figures = {
        "decode with domain checks": lambda: decode_all(mutations, True),
        "decode, types only": lambda: decode_all(mutations, False),
        "NUL/surrogate walk": lambda: check_json_text({"mutations": mutations}),
    }
    for label, fn in figures.items():
        print(f"{label:<26}: {timed(fn, args.rounds):8.1f} ms")
    print(f"push over ASGI (manager)  : {push_over_http(batch(args.batch), Role.MANAGER):8.1f} ms")
    print(f"push over ASGI (officer)  : {push_over_http(batch(args.batch), Role.OFFICER):8.1f} ms")


if __name__ == "__main__":
    main()
