"""A referral's life (forward only, final states, a reason to decline) and what its comments and
history may hold — the checks both ends run on every value that travels."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from hdf_field.domain.enums import ReferralStatus as S
from hdf_field.domain.errors import ValidationError
from hdf_field.domain.record_rules import check_field
from hdf_field.domain.referrals import (
    TransitionRefused,
    check_transition,
    comment_entry,
    history_entry,
    next_statuses,
)

AT = "2026-12-01T10:00:00+00:00"


@pytest.mark.parametrize(
    ("current", "new"),
    [
        (S.SENT, S.ACKNOWLEDGED),
        (S.SENT, S.MEETING),
        (S.SENT, S.MEMBER),
        (S.ACKNOWLEDGED, S.MEETING),
        (S.ACKNOWLEDGED, S.MEMBER),
        (S.MEETING, S.MEETING),
        (S.MEETING, S.MEMBER),
        (S.SENT, S.DECLINED),
        (S.MEETING, S.DECLINED),
    ],
)
def test_forward_moves_are_allowed(current: S, new: S) -> None:
    check_transition(current, new, reason="hors filière", meeting_on=date(2026, 12, 15))
    assert new in next_statuses(current)


@pytest.mark.parametrize(
    ("current", "new"),
    [
        (S.ACKNOWLEDGED, S.SENT),
        (S.MEETING, S.ACKNOWLEDGED),
        (S.MEMBER, S.DECLINED),
        (S.DECLINED, S.MEMBER),
        (S.MEMBER, S.MEETING),
        (S.ACKNOWLEDGED, S.ACKNOWLEDGED),
    ],
)
def test_backward_moves_and_final_states_are_refused(current: S, new: S) -> None:
    with pytest.raises(TransitionRefused):
        check_transition(current, new, reason="x", meeting_on=date(2026, 12, 15))
    assert new not in next_statuses(current) or new is S.ACKNOWLEDGED


def test_declining_needs_a_reason_and_a_meeting_a_date() -> None:
    with pytest.raises(ValidationError, match="reason"):
        check_transition(S.SENT, S.DECLINED, reason="  ")
    with pytest.raises(ValidationError, match="date"):
        check_transition(S.SENT, S.MEETING)
    assert next_statuses(S.MEMBER) == [] and next_statuses(S.DECLINED) == []


def test_comments_and_history_entries_are_checked_item_by_item() -> None:
    check_field("referral", "comments", [comment_entry("Reçu", "pole@i-trans.eu", AT)])
    check_field(
        "referral",
        "history",
        [history_entry(S.MEETING, "pole@i-trans.eu", meeting_on=date(2026, 12, 15), at=AT)],
    )
    bad: list[tuple[str, Any]] = [
        ("comments", {"at": AT}),
        ("comments", [{"at": AT, "by": "x"}]),
        ("comments", [{"at": "yesterday", "by": "x", "text": "t"}]),
        ("comments", [{"at": "2026-12-01T10:00:00", "by": "x", "text": "t"}]),
        ("comments", [{"at": AT, "by": "x", "text": "   "}]),
        ("comments", [{"at": AT, "by": "x", "text": "t", "extra": 1}]),
        ("comments", [{"at": AT, "by": "x", "text": "a\x07b"}]),
        ("comments", [{"at": AT, "by": "x", "text": "t" * 2001}]),
        ("comments", [{"at": AT, "by": "x", "text": "t"}] * 201),
        ("history", [{"at": AT, "by": "x", "status": "won"}]),
        ("history", [{"at": AT, "by": "x", "status": "meeting", "meeting_on": "soon"}]),
        ("history", [{"at": AT, "by": 3, "status": "sent"}]),
    ]
    for field, value in bad:
        with pytest.raises(ValidationError):
            check_field("referral", field, value)


def test_consent_and_sending_cannot_be_dated_in_the_future() -> None:
    later = datetime.now(UTC) + timedelta(days=10)
    for field in ("consent_given_at", "sent_at"):
        check_field("referral", field, datetime.now(UTC))
        with pytest.raises(ValidationError, match="future"):
            check_field("referral", field, later)
    with pytest.raises(ValidationError):
        check_field("referral", "consent_given_by", "x" * 201)
