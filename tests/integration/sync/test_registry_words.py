"""The registry's refusals reach the desktop in its user's language (issue 12 item 8).

The answer keeps its English ``detail`` (scripts read it) and adds ``code`` and ``params``;
the laptop's client turns them into a coded error when it knows the code and the parameters
fill it, and shows the English detail otherwise (a newer registry, a hostile one)."""

from __future__ import annotations

import json
import uuid

import httpx
import pytest

from hdf_field.domain.error_messages import render
from hdf_field.sync.client import RegistryClient, SyncError, SyncErrorKind, relayed_error
from hdf_field.sync.schemas import MutationIn
from tests.integration.sync.conftest import Registry
from tests.integration.sync.registry_http import mutation


def test_a_wrong_password_is_said_in_french_and_english(registry: Registry) -> None:
    anonymous = RegistryClient(registry.url, transport=registry.transport())
    with anonymous, pytest.raises(SyncError) as caught:
        anonymous.login("nobody@hdf.fr", "not the password")
    error = caught.value
    assert error.kind is SyncErrorKind.AUTH
    assert error.detail["detail"] == "wrong e-mail or password"  # the contract, unchanged
    assert error.detail["code"] == "auth.wrong_login"
    assert error.reason is not None
    assert render(error.reason, "fr") == "HTTP 401 : e-mail ou mot de passe incorrect"
    assert render(error.reason, "en") == "HTTP 401: wrong e-mail or password"
    assert render(error, "fr").startswith("échec de la synchronisation (auth) : HTTP 401")
    assert (
        render(error, "en")
        == str(error)
        == "sync failed (auth): HTTP 401: wrong e-mail or password"
    )


def test_a_refused_field_keeps_its_name_in_the_users_language(registry: Registry) -> None:
    token = registry.user("nord@hdf.fr", territory=["59"])
    blank = MutationIn.model_validate(
        mutation("organisation", uuid.uuid4(), name="   ", departement="59")
    )
    officer = RegistryClient(registry.url, token, transport=registry.transport())
    with officer, pytest.raises(SyncError) as caught:
        officer.push([blank])
    error = caught.value
    assert error.kind is SyncErrorKind.INVALID
    assert error.detail["detail"].endswith("changes.name: may not be blank")
    assert error.reason is not None
    fr, en = render(error.reason, "fr"), render(error.reason, "en")
    assert fr.startswith("HTTP 422 : ") and fr.endswith(
        "ne peut pas être vide ni ne contenir que des espaces"
    )
    assert "changes.name" in fr and "blank" not in fr, fr
    assert en.endswith("changes.name: may not be blank"), en


@pytest.mark.parametrize(
    "body",
    [
        {"detail": "x", "code": "no.such.code", "params": {}},
        {"detail": "x", "code": "auth.wrong_login", "params": ["not", "a", "dict"]},
        {"detail": "x", "code": "account.exists", "params": {}},  # {email} left unfilled
        {"detail": "x", "code": "account.exists", "params": {"email": {"nested": 1}}},
        {"detail": "x", "code": "account.exists", "params": {"email": "x" * 10_000}},
        {"detail": "x", "code": 12, "params": {}},
        ["detail", "code"],
    ],
)
def test_an_answer_that_does_not_fill_a_known_template_is_shown_as_it_came(body: object) -> None:
    assert relayed_error(body) is None
    answer = httpx.Response(422, json=body)
    transport = httpx.MockTransport(lambda _request: answer)
    client = RegistryClient("https://registry.example.org", transport=transport)
    with client, pytest.raises(SyncError) as caught:
        client.me()
    assert caught.value.reason is not None
    assert render(caught.value.reason, "fr").startswith("HTTP 422 : ")


def test_a_refused_change_carries_its_code_beside_the_same_english_message(
    registry: Registry,
) -> None:
    """Per-mutation answers (issue 12): ``message`` stays word for word what registries
    always sent; ``code`` and ``params`` let the laptop say it in French."""
    from hdf_field.sync.client import mutation_message

    token = registry.user("nord@hdf.fr", territory=["59"])
    unknown = uuid.uuid4()
    # A change to a contact the registry never had, and not a whole new one: refused.
    partial = MutationIn.model_validate(mutation("contact", unknown, first_name="Paul"))
    officer = RegistryClient(registry.url, token, transport=registry.transport())
    with officer:
        (result,) = officer.push([partial]).results
    assert result.status == "rejected"
    assert result.message is not None
    assert result.message.startswith(f"unknown contact {unknown} and not a complete new record")
    assert result.code == "push.incomplete"
    assert result.params is not None and result.params["id"] == str(unknown)
    assert [c.theirs for c in result.conflicts] == [result.message]  # the conflict: unchanged
    fr = mutation_message(result, "fr")
    assert fr is not None and fr.startswith(f"contact {unknown} inconnu du registre"), fr
    assert "unknown" not in fr
    assert mutation_message(result, "en") == result.message


def test_an_answer_without_codes_or_with_unknown_ones_shows_the_english_message() -> None:
    """An older registry sends no ``code``; a newer or hostile one may send a code this laptop
    lacks or parameters out of bounds: the English ``message`` is shown as it came."""
    from hdf_field.sync.client import mutation_message
    from hdf_field.sync.schemas import PushResponse

    answer = {
        "results": [
            {
                "mutation_id": str(uuid.uuid4()),
                "status": "rejected",
                "message": "outside your scope",
                "conflicts": [],
            }
        ]
    }
    old = PushResponse.model_validate_json(json.dumps(answer))
    (result,) = old.results
    assert result.code is None and result.params is None
    assert mutation_message(result, "fr") == "outside your scope"
    coded = result.model_copy(update={"code": "push.out_of_scope", "params": {}})
    assert mutation_message(coded, "fr") == "hors de votre périmètre"
    for code, params in (
        ("push.from_the_future", {}),
        ("push.integrity", {"detail": "x" * 10_000}),  # past the bound on a parameter
        ("push.integrity", {}),  # does not fill the template
        ("push.integrity", {"detail": ["not", "text"]}),
    ):
        odd = result.model_copy(update={"code": code, "params": params})
        assert mutation_message(odd, "fr") == "outside your scope", (code, params)
