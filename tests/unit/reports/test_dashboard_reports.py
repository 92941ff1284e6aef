"""The dashboard's CSV tables and PDF: pure functions of hand-made figures, no database."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from hdf_field.domain.dashboard import CoverageRow, DashboardData, Kpis, OfficerWeeks
from hdf_field.reports.choropleth import colour_for, project
from hdf_field.reports.dashboard_pdf import render_dashboard_pdf
from hdf_field.reports.dashboard_tables import dashboard_tables, write_dashboard_csv

MEL = "200093201"


@pytest.fixture
def data() -> DashboardData:
    first_monday = date(2026, 10, 5)
    return DashboardData(
        today=date(2026, 11, 25),
        kpis=Kpis(target=10, organisations=5, visited=3, oriented=2, members=1,
                  visits_done=4, visits_planned=1),
        funnel=(("identified", 1), ("contacted", 1), ("visit_planned", 1), ("visited", 0),
                ("interested", 0), ("oriented", 1), ("member", 1)),
        weeks=tuple(first_monday + timedelta(weeks=i) for i in range(8)),
        officers=(OfficerWeeks("Alice Martin", (0, 0, 0, 0, 0, 1, 0, 1)),
                  OfficerWeeks("Bob Durand", (0, 0, 0, 0, 0, 0, 0, 1))),
        by_departement=(CoverageRow("02", "Aisne", 1, 0), CoverageRow("59", "Nord", 2, 1),
                        CoverageRow("60", "Oise", 0, 0), CoverageRow("62", "Pas-de-Calais", 1, 1),
                        CoverageRow("80", "Somme", 1, 1)),
        by_epci=(CoverageRow(MEL, "Métropole Européenne de Lille", 2, 1),
                 CoverageRow("200033579", "200033579", 1, 1)),
        by_area=(CoverageRow("ex-Nord-Pas-de-Calais", "ex-Nord-Pas-de-Calais", 3, 2),
                 CoverageRow("ex-Picardie", "ex-Picardie", 2, 1)),
        orientations=(("i-Trans", 2), ("Aquimer", 1)),
    )  # fmt: skip


def test_csv_tables_hold_the_figures(data: DashboardData, tmp_path: Path) -> None:
    tables = dashboard_tables(data)
    assert ["organisations visitées au moins une fois", "3"] in tables["indicateurs"]
    assert tables["orientations_par_pole"][1] == ["i-Trans", "2"]
    files = write_dashboard_csv(data, tmp_path)
    assert len(files) == len(tables)
    text = (tmp_path / "tableau_de_bord_couverture_territoires.csv").read_text("utf-8-sig")
    assert "ex-Picardie;ex-Picardie;2;1;0.5000" in text


def test_pdf_shows_the_kpis(data: DashboardData) -> None:
    square = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"code": MEL, "name": "MEL"},
             "geometry": {"type": "Polygon",
                          "coordinates": [[[2.8, 50.5], [3.3, 50.5], [3.3, 50.8], [2.8, 50.5]]]}},
        ],
    }  # fmt: skip
    pdf = render_dashboard_pdf(data, epci_outlines=square)
    assert pdf.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Visitées au moins une fois" in text
    assert "30,0 % de l'objectif de 10" in text
    assert "Métropole Européenne de Lille" in text
    assert "Alice Martin" in text


def test_choropleth_projection_and_classes() -> None:
    square = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": "a", "name": "A"},
         "geometry": {"type": "Polygon", "coordinates": [[[2, 50], [3, 50], [3, 51], [2, 51]]]}},
    ]}  # fmt: skip
    (area,) = project(square, 100, 100)
    xs = [x for x, _ in area.polygons[0][0]]
    ys = [y for _, y in area.polygons[0][0]]
    assert min(ys) == pytest.approx(0) and max(ys) == pytest.approx(100)
    assert max(xs) - min(xs) == pytest.approx(100 * 0.6361, rel=0.01)  # cos(50.5°)
    assert ys[0] == pytest.approx(100)  # the south edge is at the bottom
    assert colour_for(None) != colour_for(0.0) != colour_for(0.9)


LONG_EPCI = "Communauté d'agglomération de la Région de Château-Thierry et du Sud de l'Aisne"
HEADINGS = (
    "Couverture : ex-Nord-Pas-de-Calais et ex-Picardie",
    "Couverture par département",
    "Couverture par EPCI",
)


def _many_epcis(data: DashboardData) -> DashboardData:
    """A real region's worth of EPCIs (about 90), long names included, so tables run on."""
    rows = tuple(
        CoverageRow(f"2000{k:05d}", f"Communauté de communes numéro {k} du Pays de Somme", 9, k % 9)
        for k in range(90)
    )
    return replace(data, by_epci=(CoverageRow("200071892", LONG_EPCI, 2400, 1), *rows))


def test_pdf_headings_never_end_a_page_and_tables_repeat_their_header(
    data: DashboardData, pages_of: Callable[[bytes], list[str]]
) -> None:
    pages = pages_of(render_dashboard_pdf(_many_epcis(data)))
    assert len(pages) >= 4
    for number, text in enumerate(pages, start=1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        assert lines[-1] not in HEADINGS, f"page {number} ends with its heading"
        if number > 1:
            assert "tableau de bord — situation au 25/11/2026" in lines[0]
            assert f"page {number}" in text
        if "Communauté de communes numéro" in text:
            assert "EPCI Prospects Visités Couverture" in " ".join(text.split()), number
        # no page left nearly blank by a table pushed whole to the next one
        if number not in (1, len(pages)):
            assert len(lines) > 30, f"page {number} is nearly empty"
    whole = " ".join(" ".join(p.split()) for p in pages)
    assert "2 400" in whole  # a digit group separator Helvetica can print
    assert LONG_EPCI in whole
    assert "numéro 89 du Pays de Somme" in whole
