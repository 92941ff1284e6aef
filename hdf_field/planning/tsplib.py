"""TSPLIB95 symmetric TSP files (EUC_2D, ATT, GEO) and Solomon VRPTW files.

The distance functions are TSPLIB's own, integer-valued, because published optima are only
comparable under exactly these roundings (GEO truncates degrees and uses PI = 3.141592).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from hdf_field.domain.errors import InputFileError

SUPPORTED = ("EUC_2D", "ATT", "GEO")
GEO_PI = 3.141592
GEO_RRR = 6378.388


@dataclass(frozen=True, slots=True)
class TsplibInstance:
    name: str
    edge_weight_type: str
    coords: tuple[tuple[float, float], ...]  # node k + 1 of the file is coords[k]

    @property
    def dimension(self) -> int:
        return len(self.coords)


def read_tsplib(path: Path) -> TsplibInstance:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as exc:
        raise InputFileError(f"{path}: {exc.strerror or exc}") from exc
    header: dict[str, str] = {}
    coords: dict[int, tuple[float, float]] = {}
    in_coords = False
    for lineno, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        if line == "EOF":
            break
        if line.endswith("_SECTION"):
            if line != "NODE_COORD_SECTION":
                raise InputFileError(f"{path}:{lineno}: section {line} is not supported")
            in_coords = True
            continue
        if in_coords:
            parts = line.split()
            try:
                coords[int(parts[0])] = (float(parts[1]), float(parts[2]))
            except (IndexError, ValueError) as exc:
                raise InputFileError(f"{path}:{lineno}: bad coordinate line {line!r}") from exc
            continue
        if ":" in line:
            key, _, value = line.partition(":")
            header[key.strip().upper()] = value.strip()
        else:
            raise InputFileError(f"{path}:{lineno}: unexpected line {line!r}")
    ewt = header.get("EDGE_WEIGHT_TYPE", "")
    if ewt not in SUPPORTED:
        raise InputFileError(
            f"{path}: EDGE_WEIGHT_TYPE {ewt or '(missing)'} not supported ({', '.join(SUPPORTED)})"
        )
    try:
        dim = int(header.get("DIMENSION", len(coords)))
    except ValueError as exc:
        raise InputFileError(f"{path}: DIMENSION is not an integer") from exc
    if sorted(coords) != list(range(1, dim + 1)):
        raise InputFileError(f"{path}: NODE_COORD_SECTION must list nodes 1..{dim}")
    name = header.get("NAME", path.stem).removesuffix(".tsp")
    return TsplibInstance(name, ewt, tuple(coords[k] for k in range(1, dim + 1)))


def _nint(x: np.ndarray) -> np.ndarray:
    return np.floor(x + 0.5).astype(np.int64)


def _geo_rad(x: np.ndarray) -> np.ndarray:
    deg = np.trunc(x)
    minutes = x - deg
    return np.asarray(GEO_PI * (deg + 5.0 * minutes / 3.0) / 180.0, dtype=float)


def distance_matrix(inst: TsplibInstance) -> np.ndarray:
    xy = np.asarray(inst.coords, dtype=float)
    if inst.edge_weight_type == "EUC_2D":
        d = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1))
        return _nint(d)
    if inst.edge_weight_type == "ATT":
        r = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1) / 10.0)
        t = _nint(r)
        return np.where(t < r, t + 1, t).astype(np.int64)
    lat, lon = _geo_rad(xy[:, 0]), _geo_rad(xy[:, 1])
    q1 = np.cos(lon[:, None] - lon[None, :])
    q2 = np.cos(lat[:, None] - lat[None, :])
    q3 = np.cos(lat[:, None] + lat[None, :])
    arg = np.clip(0.5 * ((1.0 + q1) * q2 - (1.0 - q1) * q3), -1.0, 1.0)
    d = (GEO_RRR * np.arccos(arg) + 1.0).astype(np.int64)
    np.fill_diagonal(d, 0)
    return np.asarray(d, dtype=np.int64)


def tour_length(dist: np.ndarray, tour: list[int]) -> int:
    return int(sum(dist[a, b] for a, b in zip(tour, tour[1:] + tour[:1], strict=True)))


@dataclass(frozen=True, slots=True)
class SolomonInstance:
    name: str
    vehicles: int
    capacity: int
    xy: tuple[tuple[float, float], ...]
    demand: tuple[int, ...]
    ready: tuple[int, ...]
    due: tuple[int, ...]
    service: tuple[int, ...]

    def euclid(self) -> np.ndarray:
        xy = np.asarray(self.xy, dtype=float)
        return np.asarray(np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1)), dtype=float)


def read_solomon(path: Path) -> SolomonInstance:
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
    try:
        vk = next(i for i, ln in enumerate(lines) if ln.upper().startswith("NUMBER"))
        vehicles, capacity = (int(x) for x in lines[vk + 1].split()[:2])
        ck = next(i for i, ln in enumerate(lines) if ln.upper().startswith("CUST NO"))
    except (StopIteration, ValueError) as exc:
        raise InputFileError(f"{path}: not a Solomon VRPTW file") from exc
    rows = [ln.split() for ln in lines[ck + 1 :] if ln]
    try:
        data = [[float(x) for x in r[:7]] for r in rows]
    except ValueError as exc:
        raise InputFileError(f"{path}: bad customer row") from exc
    return SolomonInstance(
        name=lines[0],
        vehicles=vehicles,
        capacity=capacity,
        xy=tuple((r[1], r[2]) for r in data),
        demand=tuple(int(r[3]) for r in data),
        ready=tuple(int(r[4]) for r in data),
        due=tuple(int(r[5]) for r in data),
        service=tuple(int(r[6]) for r in data),
    )


def solomon_truncated(inst: SolomonInstance) -> np.ndarray:
    """Convention (A): distances truncated to one decimal, scaled ×10 to integers."""
    return np.floor(inst.euclid() * 10 + 1e-9).astype(np.int64)
