"""One name per concept, in both languages, for every stored code (issue 12 item 9, issue 14)."""

from __future__ import annotations

from enum import StrEnum

import pytest

from hdf_field.domain import enums, glossary
from hdf_field.domain.enums import Area, FunnelStatus, Role

ALL_ENUMS = [
    obj
    for obj in vars(enums).values()
    if isinstance(obj, type) and issubclass(obj, StrEnum) and obj is not StrEnum
]


def test_every_enum_of_the_domain_has_a_table() -> None:
    assert set(ALL_ENUMS) == set(glossary.ENUM_TABLES)


@pytest.mark.parametrize("enum_cls", ALL_ENUMS, ids=lambda e: e.__name__)
def test_every_member_has_a_french_and_an_english_label(enum_cls: type[StrEnum]) -> None:
    for member in enum_cls:
        fr, en = glossary.label(member, "fr"), glossary.label(member, "en")
        assert fr.strip() and en.strip(), member
        assert "(e)" not in fr and "(s)" not in fr and "·" not in fr, fr


@pytest.mark.parametrize("enum_cls", ALL_ENUMS, ids=lambda e: e.__name__)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_two_members_share_a_label(enum_cls: type[StrEnum], lang: str) -> None:
    labels = [glossary.label(m, lang).casefold() for m in enum_cls]
    assert len(set(labels)) == len(labels), labels


@pytest.mark.parametrize("table", [glossary.PRIORITY, glossary.INTEREST])
def test_scales_are_complete_and_distinct(table: dict[int, tuple[str, str]]) -> None:
    assert sorted(table) == [0, 1, 2, 3]
    for i in (0, 1):
        names = [words[i] for words in table.values()]
        assert len(set(names)) == len(names)


def test_the_names_chosen_once() -> None:
    assert glossary.label(FunnelStatus.VISIT_PLANNED) == "Visite planifiée"
    assert glossary.label(FunnelStatus.ORIENTED) == "Orienté vers un pôle"
    assert glossary.label(Role.OFFICER) == "Chargé de mission"
    assert glossary.label(Area.BELGIUM) == "Belgique"
    assert glossary.label(Area.BELGIUM, "en") == "Belgium"


def test_raw_values_and_unknown_ones() -> None:
    assert glossary.label_of(FunnelStatus, "visited", "en") == "Visited"
    assert glossary.label_of(FunnelStatus, "from_the_future") == "from_the_future"
    assert glossary.label_of(Area, "XX", default="Autre") == "Autre"


def test_the_old_tables_are_gone() -> None:
    """One catalogue: the per-face copies (domain/labels.py, the kinds and outcomes of
    reports/messages.py, the CLI's own) no longer exist."""
    import importlib.util

    from hdf_field.cli import org
    from hdf_field.reports import messages

    assert importlib.util.find_spec("hdf_field.domain.labels") is None
    assert not any(k.startswith("kind_") for k in messages._MESSAGES)
    assert "not_interested" not in messages._MESSAGES
    assert not hasattr(org, "STATUS_FR") and not hasattr(org, "KIND_FR")
