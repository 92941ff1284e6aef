from __future__ import annotations

from hdf_field.cli.plan import CAMPAIGN_POLICIES
from hdf_field.planning.campaign import DEFAULT_POLICY, POLICIES


def test_cli_policies_are_the_planners_with_the_default_first() -> None:
    assert set(CAMPAIGN_POLICIES) == set(POLICIES)
    assert CAMPAIGN_POLICIES[0] == DEFAULT_POLICY
