"""What the dashboard's federation part costs at campaign scale: N organisations, R referrals
spread over the reference clusters (a third answered, with a comment and a status history, a
third waiting), then the figures read (median of runs) and the dashboard PDF rendered with and
without the federation pages, in French and English.

    PYTHONPATH=$PWD python benchmarks/federation_dashboard.py [--orgs 7000] [--referrals 2000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from hdf_field.domain.enums import Area, ReferralStatus
from hdf_field.reports.dashboard_pdf import render_dashboard_pdf
from hdf_field.services.dashboard import read_dashboard
from hdf_field.services.federation_dashboard import read_federation
from hdf_field.services.reference import ensure_reference_data
from hdf_field.storage.database import open_database
from hdf_field.storage.orm import Cluster, Officer, Organisation, Referral
from hdf_field.storage.uow import UnitOfWork


def build(path: Path, orgs: int, referrals: int) -> None:
    rng = random.Random(42)
    db = open_database(path)
    ensure_reference_data(db)
    now = datetime.now(UTC)
    with UnitOfWork(db, actor="bench") as uow:
        s = uow.session
        officer = Officer(name="Bench", email="bench@hdf.fr")
        s.add(officer)
        rows = [
            Organisation(name=f"Org {i}", area=rng.choice(list(Area)), departement="59")
            for i in range(orgs)
        ]
        s.add_all(rows)
        s.flush()
        clusters = list(s.scalars(select(Cluster.id)))
        statuses = list(ReferralStatus)
        for k in range(referrals):
            sent = now - timedelta(days=rng.uniform(0, 120))
            status = rng.choice(statuses)
            answered = status is not ReferralStatus.SENT or k % 3 == 0
            at = (sent + timedelta(days=rng.uniform(0, 20))).isoformat()
            s.add(
                Referral(
                    organisation_id=rows[rng.randrange(orgs)].id,
                    cluster_id=rng.choice(clusters),
                    officer_id=officer.id,
                    sent_at=sent,
                    consent_given_by="X",
                    consent_given_at=sent,
                    consent_recorded_by="bench@hdf.fr",
                    status=status,
                    status_reason="non" if status is ReferralStatus.DECLINED else None,
                    history=[{"at": at, "by": "p", "status": status.value}]
                    if status is not ReferralStatus.SENT
                    else [],
                    comments=[{"at": at, "by": "p", "text": "Vu"}] if answered else [],
                )
            )
        uow.commit()
    db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=7000)
    parser.add_argument("--referrals", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    path = Path(tempfile.mkdtemp()) / "bench.sqlite3"
    started = time.perf_counter()
    build(path, args.orgs, args.referrals)
    print(
        f"built {args.orgs} organisations, {args.referrals} referrals "
        f"in {time.perf_counter() - started:.1f} s"
    )
    db = open_database(path)
    today = date.today()
    times = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        fed = read_federation(db, today=today)
        times.append(time.perf_counter() - t0)
    print(
        f"federation figures: median {statistics.median(times) * 1000:.0f} ms "
        f"({len(fed.clusters)} clusters, {fed.total} referrals, {len(fed.chase)} to chase)"
    )
    data = read_dashboard(db, today=today)
    for lang in ("fr", "en"):
        t0 = time.perf_counter()
        plain = render_dashboard_pdf(data, lang=lang)
        t1 = time.perf_counter()
        full = render_dashboard_pdf(data, lang=lang, federation=fed)
        t2 = time.perf_counter()
        print(
            f"PDF {lang}: without federation {(t1 - t0) * 1000:.0f} ms ({len(plain) // 1024} KiB), "
            f"with {(t2 - t1) * 1000:.0f} ms ({len(full) // 1024} KiB)"
        )
    db.dispose()


if __name__ == "__main__":
    main()
