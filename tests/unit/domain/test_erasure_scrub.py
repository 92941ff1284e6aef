"""What identifies an erased person in free text, and what is left of the text."""

from __future__ import annotations

import pytest

from hdf_field.domain.erasure import ERASED_TEXT, person_marks, replace_ids, scrub_json, scrub_text

ANNE = person_marks("Anne", "Lefèvre", "anne.lefevre@forges.example", "06 11 22 33 44")
X = ERASED_TEXT


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Vu Anne Lefèvre ce matin", f"Vu {X} ce matin"),
        ("RDV avec LEFEVRE Anne", f"RDV avec {X}"),
        ("anne lefevre rappellera", f"{X} rappellera"),
        ("Mme Lefèvre absente", f"Mme {X} absente"),
        ("écrire à Anne.Lefevre@Forges.example", f"écrire à {X}"),
        ("tél. 06.11.22.33.44 ou 0611223344", f"tél. {X} ou {X}"),
        ("appeler le +33 6 11 22 33 44", f"appeler le {X}"),
        ("0033611223344 (standard)", f"{X} (standard)"),
        # Not the person: another number, a longer one, a word containing the name, Anne alone.
        ("06 11 22 33 45", "06 11 22 33 45"),
        ("06 11 22 33 441", "06 11 22 33 441"),
        ("les Lefèvres-Utile", "les Lefèvres-Utile"),
        ("Anne passera", "Anne passera"),
    ],
)
def test_scrub_text(text: str, expected: str) -> None:
    assert scrub_text(text, ANNE) == expected


def test_short_last_names_go_only_with_the_first_name() -> None:
    roy = person_marks("Léa", "Roy", None, None)
    assert scrub_text("Léa Roy et le roy des forges", roy) == f"{X} et le roy des forges"


def test_belgian_numbers_in_both_forms() -> None:
    marks = person_marks(None, "Dupont", None, "+32 69 12 34 56")
    assert scrub_text("tél 069/12.34.56, +32 69 12 34 56", marks) == f"tél {X}, {X}"


def test_json_and_ids() -> None:
    data = {"notes": ["vu Anne Lefèvre"], "contact_id": "abc", "n": 3}
    assert scrub_json(data, ANNE) == {"notes": [f"vu {X}"], "contact_id": "abc", "n": 3}
    assert replace_ids(data, ["abc"])["contact_id"] is None
    assert person_marks(None, None, None, None).pattern is None
