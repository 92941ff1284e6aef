"""NAF rev. 2: spellings, the label table, divisions, sections, NACE-BEL and the kind rule."""

from __future__ import annotations

import pytest

from hdf_field.domain.enums import OrgKind
from hdf_field.domain.naf import (
    DIVISIONS,
    NAF_SECTIONS,
    SECTIONS_BY_LETTER,
    division_label,
    dotted,
    kind_for_naf,
    nace_to_naf_class,
    naf_label,
    naf_table,
    prefix_depth,
    section_of,
    subclass_code,
)
from hdf_field.domain.workforce import WORKFORCE_BANDS


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("2910Z", "29.10Z"), ("29.10z", "29.10Z"), (" 29 10Z ", "29.10Z"), ("29.10", "29.10"),
     ("29", "29"), ("30.2", "30.2"), ("", None), (None, None), ("ABCDE", None), ("291", "29.1")],
)  # fmt: skip
def test_dotted_spellings(raw: str | None, expected: str | None) -> None:
    assert dotted(raw) == expected


def test_subclass_code_wants_the_five_characters() -> None:
    assert subclass_code("6201z") == "62.01Z"
    assert subclass_code("62.01") is None
    assert subclass_code("62") is None
    assert subclass_code("99.99Q") == "99.99Q"  # shape only, the table is not consulted


def test_divisions_cover_the_sections_exactly() -> None:
    in_sections = {d for s in NAF_SECTIONS for d in s.divisions if d in DIVISIONS}
    assert in_sections == set(DIVISIONS)
    assert set(DIVISIONS) == {c for c in naf_table().labels if len(c) == 2}
    assert division_label("29.10Z") == "industrie automobile"
    assert division_label("2910Z", "en") == "motor vehicles"
    assert division_label("04") is None and division_label("x") is None


def test_section_of_a_code() -> None:
    assert section_of("29.10Z") is SECTIONS_BY_LETTER["C"]
    assert section_of("01") is SECTIONS_BY_LETTER["A"]
    assert section_of("99.00Z") is SECTIONS_BY_LETTER["U"]
    assert section_of("04") is None and section_of("") is None and section_of(None) is None
    assert SECTIONS_BY_LETTER["G"].divisions == ("45", "46", "47")
    assert prefix_depth("29") == 2 and prefix_depth("30.2") == 3 and prefix_depth("10.81") == 4


def test_naf_table_has_every_level() -> None:
    labels = naf_table().labels
    assert sum(1 for c in labels if len(c) == 6) == 732  # subclasses
    assert labels["62"] == "Programmation, conseil et autres activités informatiques"
    assert labels["62.01"] == labels["62.01Z"] == "Programmation informatique"
    assert naf_table().is_subclass("10.71C") and not naf_table().is_subclass("10.71")


def test_older_nomenclatures_get_no_label() -> None:
    assert naf_label("62.01Z", "NAFRev2") == "Programmation informatique"
    assert naf_label("72.2Z", "NAFRev1") is None
    assert naf_label("62.01Z", "NAF1993") is None
    assert naf_label(None) is None


def test_nace_bel_to_naf_class() -> None:
    assert nace_to_naf_class("62010") == "62.01"
    assert nace_to_naf_class("10.711") == "10.71"
    assert nace_to_naf_class("01") is None


def test_kind_rule() -> None:
    assert kind_for_naf("85.32Z") is OrgKind.SCHOOL
    assert kind_for_naf("94.99Z") is OrgKind.SOCIAL_ECONOMY
    assert kind_for_naf("72.19Z") is OrgKind.RESEARCH_LAB
    assert kind_for_naf("62.01Z") is OrgKind.FIRM
    assert kind_for_naf("85.3K", "NAFRev1") is OrgKind.FIRM
    assert kind_for_naf(None) is OrgKind.FIRM


def test_workforce_bands() -> None:
    assert len(WORKFORCE_BANDS) == 16
    assert WORKFORCE_BANDS["12"] == "20 à 49 salariés"
