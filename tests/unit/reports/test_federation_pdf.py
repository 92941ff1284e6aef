"""The dashboard PDF in both languages, with its federation pages: hand-made figures."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from hdf_field.domain.dashboard import CoverageRow, DashboardData, Kpis, OfficerWeeks
from hdf_field.domain.federation import ChaseRow, ClusterFederation, FederationData
from hdf_field.reports.dashboard_pdf import render_dashboard_pdf
from hdf_field.reports.federation_pdf import federation_flowables

TODAY = date(2026, 11, 25)


@pytest.fixture
def dashboard() -> DashboardData:
    return DashboardData(
        today=TODAY,
        kpis=Kpis(target=7000, organisations=2400, visited=1200, oriented=300, members=40,
                  visits_done=1500, visits_planned=80),
        funnel=(("identified", 1), ("contacted", 1), ("visit_planned", 1), ("visited", 0),
                ("interested", 0), ("oriented", 1), ("member", 1)),
        weeks=tuple(date(2026, 10, 5) + timedelta(weeks=i) for i in range(8)),
        officers=(OfficerWeeks("Alice Martin", (0, 0, 0, 0, 0, 1, 0, 1)),),
        by_departement=(CoverageRow("59", "Nord", 2, 1),),
        by_epci=(CoverageRow("200093201", "Métropole Européenne de Lille", 2, 1),),
        by_area=(CoverageRow("ex-Nord-Pas-de-Calais", "ex-Nord-Pas-de-Calais", 3, 2),
                 CoverageRow("ex-Picardie", "ex-Picardie", 2, 1)),
        orientations=(("i-Trans", 2),),
    )  # fmt: skip


@pytest.fixture
def federation() -> FederationData:
    return FederationData(
        today=TODAY,
        clusters=(
            ClusterFederation("Aquimer", (1, 0, 0, 2, 0), 1.0, 3, 0, (1, 0, 0, 1)),
            ClusterFederation("Euramaterials", (0, 0, 0, 0, 0), None, 0, 0, (0, 0, 0, 0)),
            ClusterFederation("i-Trans", (2, 0, 0, 2, 1), 4.0, 3, 1, (1, 0, 1, 0)),
        ),
        chase=(ChaseRow("r1", "Attente Quinze SARL", "i-Trans", "Alice Martin",
                        date(2026, 11, 10), 15),),
        members_by_area=(1, 0, 1, 1),
        median_days_to_answer=2.5,
    )  # fmt: skip


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _flat(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def test_french_pdf_has_the_federation_section(
    dashboard: DashboardData, federation: FederationData
) -> None:
    text = _flat(_text(render_dashboard_pdf(dashboard, federation=federation)))
    assert "Fédération des pôles" in text
    assert "Transmissions par pôle et par statut" in text
    assert "Euramaterials" in text  # the cluster with no referral is there
    assert "67 %" in text  # i-Trans conversion: 2 members of 3 decided
    assert "4,0 j" in text and "2,5 j" in text
    assert "Sans réponse depuis plus de 14 jours (à relancer)" in text
    assert "Attente Quinze SARL" in text and "10/11/2026" in text
    assert "Adhérents issus des transmissions, par pôle et par territoire" in text
    assert "Belgique" in text and "ex-Picardie" in text
    assert "Conversion : adhérents ÷ transmissions tranchées" in text
    # The rest of the dashboard stays French.
    assert "Visitées au moins une fois" in text
    assert "2 400" in text


def test_english_pdf_has_every_word_in_english(
    dashboard: DashboardData, federation: FederationData
) -> None:
    text = _flat(_text(render_dashboard_pdf(dashboard, federation=federation, lang="en")))
    for expected in (
        "Hauts-de-France campaign — dashboard",
        "As of 25/11/2026",
        "Visited at least once",
        "17.1% of the 7,000 target",
        "Campaign funnel",
        "Coverage: former Nord-Pas-de-Calais and former Picardy",
        "Coverage per department",
        "Federation of the clusters",
        "Referrals per cluster and status",
        "67%",
        "4.0 d",
        "Unanswered for more than 14 days (to chase)",
        "Members from referrals, per cluster and area",
        "Belgium",
        "former Picardy",
        "Unknown",
    ):
        assert expected in text, expected
    for french in ("Visitées", "Couverture", "Fédération", "Adhérent", "Pôle", "situation au"):
        assert french not in text, french


def test_without_federation_figures_there_is_no_federation_page(
    dashboard: DashboardData,
) -> None:
    assert "Fédération des pôles" not in _text(render_dashboard_pdf(dashboard))


def test_nothing_to_chase_says_so(federation: FederationData) -> None:
    from dataclasses import replace

    flow = federation_flowables(replace(federation, chase=()), "en")
    texts = " ".join(getattr(f, "text", "") for f in flow)
    assert "No referral unanswered for more than 14 days." in texts
