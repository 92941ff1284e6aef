"""Reference trips used to calibrate and check the travel model (resources/planning/)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from hdf_field.domain.errors import InputFileError
from hdf_field.paths import resources_dir

REFERENCE_CSV = "planning/travel_reference_pairs.csv"


@dataclass(frozen=True, slots=True)
class ReferenceTrip:
    label: str
    a: tuple[float, float]
    b: tuple[float, float]
    road_km: float
    drive_min: float
    source: str


def load_reference_pairs(path: Path | None = None) -> list[ReferenceTrip]:
    path = path or resources_dir() / REFERENCE_CSV
    rows = [
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    trips: list[ReferenceTrip] = []
    for n, row in enumerate(csv.DictReader(rows), start=2):
        try:
            trips.append(
                ReferenceTrip(
                    label=f"{row['from']} – {row['to']}",
                    a=(float(row["from_lat"]), float(row["from_lon"])),
                    b=(float(row["to_lat"]), float(row["to_lon"])),
                    road_km=float(row["road_km"]),
                    drive_min=float(row["drive_min"]),
                    source=row["source"],
                )
            )
        except (KeyError, ValueError, TypeError) as exc:
            raise InputFileError(f"{path}: data row {n}: {exc}") from exc
    return trips
