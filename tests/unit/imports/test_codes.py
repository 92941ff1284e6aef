"""NAF rev. 2 table, NACE-BEL conversion, workforce bands and the kind rule."""

from __future__ import annotations

from hdf_field.domain.enums import OrgKind
from hdf_field.imports.codes import (
    WORKFORCE_BANDS,
    kind_for_naf,
    nace_to_naf_class,
    naf_label,
    naf_table,
)


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
