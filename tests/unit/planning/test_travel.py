from __future__ import annotations

import numpy as np
import pytest

from hdf_field.planning.travel import CrowFliesModel, TravelModel, haversine_km
from hdf_field.planning.travel_reference import load_reference_pairs

LILLE = (50.6312, 3.0707)
ARRAS = (50.2910, 2.7775)
AMIENS = (49.8941, 2.2958)


def test_default_model_satisfies_the_protocol() -> None:
    assert isinstance(CrowFliesModel(), TravelModel)


def test_haversine_of_one_degree_of_latitude() -> None:
    assert float(haversine_km(50.0, 3.0, 51.0, 3.0)) == pytest.approx(111.2, abs=0.1)


def test_matrix_agrees_with_scalar_calls_and_is_symmetric() -> None:
    model = CrowFliesModel()
    pts = [LILLE, ARRAS, AMIENS, LILLE]
    secs, metres = model.matrix(pts)
    assert secs.shape == metres.shape == (4, 4)
    assert np.allclose(secs, secs.T) and np.allclose(metres, metres.T)
    assert secs[0, 3] == 0 and metres[0, 3] == 0  # same place: no trip, no overhead
    assert secs[0, 2] == pytest.approx(model.seconds(LILLE, AMIENS))
    assert metres[0, 1] / 1000 == pytest.approx(model.km(LILLE, ARRAS))


def test_time_grows_with_distance_and_includes_overhead() -> None:
    model = CrowFliesModel()
    road = np.linspace(0.1, 300, 500)
    drive = model.drive_s_from_road(road)
    assert np.all(np.diff(drive) > 0)
    near = model.seconds(LILLE, (50.6320, 3.0720))
    assert near >= model.overhead_s


def test_error_on_reference_trips_is_small() -> None:
    model = CrowFliesModel()
    pairs = load_reference_pairs()
    assert len(pairs) >= 15
    km_err = [abs(model.km(p.a, p.b) - p.road_km) / p.road_km for p in pairs]
    drive_err = [
        abs((model.seconds(p.a, p.b) - model.overhead_s) / 60 - p.drive_min) / p.drive_min
        for p in pairs
    ]
    assert np.mean(km_err) < 0.08
    assert np.mean(drive_err) < 0.12
