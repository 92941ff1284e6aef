"""Throughput of the offline geocoder, printed (not asserted).

Run: ``PYTHONPATH=. python benchmarks/geocoding.py``
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

import numpy as np

from hdf_field.geo.gazetteer import load_gazetteer
from hdf_field.geo.geocoding import (
    lambert93_to_wgs84,
    lambert93_to_wgs84_many,
    locate_belgian,
    locate_commune,
    locate_insee,
    reverse,
)


def _rate(label: str, n: int, run: Callable[[], object]) -> None:
    start = time.perf_counter()
    run()
    elapsed = time.perf_counter() - start
    print(f"{label:<46} {n:>8} in {elapsed * 1e3:8.1f} ms  {n / elapsed:>12,.0f} /s")


def main() -> None:
    rng = random.Random(7)
    start = time.perf_counter()
    gaz = load_gazetteer()
    print(f"{'load gazetteer (table only)':<46} {(time.perf_counter() - start) * 1e3:8.1f} ms")
    start = time.perf_counter()
    gaz.commune_at(50.63, 3.06)
    elapsed = time.perf_counter() - start
    print(f"{'first reverse (outlines + STRtree)':<46} {elapsed * 1e3:8.1f} ms")

    communes = list(gaz.communes())
    sample = [rng.choice(communes) for _ in range(20_000)]
    _rate("locate_insee", len(sample), lambda: [locate_insee(gaz, c.insee) for c in sample])
    exact = sample[:5_000]
    _rate(
        "locate_commune (postal code + exact name)",
        len(exact),
        lambda: [locate_commune(gaz, c.postal_codes[0], c.name.upper()) for c in exact],
    )
    typos = [(c.postal_codes[0], c.name[:-1]) for c in sample[:2_000]]
    _rate(
        "locate_commune (postal code + typo)",
        len(typos),
        lambda: [locate_commune(gaz, code, name) for code, name in typos],
    )
    names = [c.name[:-1] + "x" for c in sample[:300]]
    _rate(
        "locate_commune (typo, no postal code)",
        len(names),
        lambda: [locate_commune(gaz, None, name) for name in names],
    )
    points = [(c.lat + rng.uniform(-0.01, 0.01), c.lon + rng.uniform(-0.01, 0.01)) for c in sample]
    _rate("reverse (point in polygon)", len(points), lambda: [reverse(gaz, *p) for p in points])
    xs = np.array([rng.uniform(600_000, 760_000) for _ in range(100_000)])
    ys = np.array([rng.uniform(6_900_000, 7_110_000) for _ in range(100_000)])
    _rate(
        "lambert93_to_wgs84 (one by one)",
        20_000,
        lambda: [lambert93_to_wgs84(x, y) for x, y in zip(xs[:20_000], ys[:20_000], strict=True)],
    )
    _rate("lambert93_to_wgs84_many (vectorised)", len(xs), lambda: lambert93_to_wgs84_many(xs, ys))
    codes = [f"{rng.randint(7000, 8999)}" for _ in range(5_000)]
    _rate("locate_belgian", len(codes), lambda: [locate_belgian(code) for code in codes])


if __name__ == "__main__":
    main()
