"""Orientation of an organisation towards clusters, from what the database knows about it.

The scoring itself is :mod:`hdf_field.domain.orientation`; this module only gathers the plain
inputs: the clusters with their live sites (a manager may have moved a proposed hub), and the
needs ticked during the organisation's visits.
"""

from __future__ import annotations

from collections.abc import Sequence

from hdf_field.domain.enums import SiteKind
from hdf_field.domain.orientation import (
    ClusterProfile,
    OrgProfile,
    OrientationHint,
    SiteRef,
    orient,
)
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Organisation
from hdf_field.storage.queries import Session
from hdf_field.storage.queries.organisations import declared_needs, live_clusters_with_sites


def cluster_profiles(session: Session) -> list[ClusterProfile]:
    clusters = live_clusters_with_sites(session)
    return [
        ClusterProfile(
            id=str(c.id),
            name=c.name,
            kind=c.kind,
            domain=c.domain,
            domains=tuple(c.domains or ()),
            naf_prefixes=tuple(c.naf_prefixes or ()),
            topics=tuple(c.topics or ()),
            sites=tuple(
                SiteRef(
                    name=s.name,
                    lat=s.lat,
                    lon=s.lon,
                    area=s.area,
                    is_proposal=s.is_proposal,
                    principal=s.kind is SiteKind.PRINCIPAL,
                )
                for s in sorted(c.sites, key=lambda s: s.name)
                if s.deleted_at is None
            ),
        )
        for c in clusters
    ]


def shipped_profiles() -> list[ClusterProfile]:
    from hdf_field.geo.gazetteer import load_gazetteer
    from hdf_field.services.reference import load_cluster_specs, profiles_from_specs

    return profiles_from_specs(load_cluster_specs(), load_gazetteer())


def org_profile(session: Session, org: Organisation) -> OrgProfile:
    needs = declared_needs(session, organisation_id=org.id)
    declared = tuple(dict.fromkeys(n for visit_needs in needs for n in (visit_needs or ())))
    return OrgProfile(
        kind=org.kind,
        naf_code=org.naf_code,
        naf_label=org.naf_label,
        lat=org.lat,
        lon=org.lon,
        area=org.area,
        needs=declared,
        tags=tuple(org.tags or ()),
    )


def orientation_for(
    session: Session,
    org: Organisation,
    *,
    clusters: Sequence[ClusterProfile] | None = None,
    lang: str = "fr",
    limit: int | None = None,
) -> list[OrientationHint]:
    """Pass ``clusters`` when orienting many organisations, to read them once. A database
    where the reference data was never loaded (say, straight after an import) is oriented
    on the shipped file rather than on nothing."""
    profiles = clusters if clusters is not None else cluster_profiles(session)
    if not profiles:
        profiles = shipped_profiles()
    return orient(org_profile(session, org), profiles, lang=lang, limit=limit)


def orient_organisation(
    db: Database, ref: str, *, lang: str = "fr", limit: int | None = None
) -> list[OrientationHint]:
    from hdf_field.services.organisations import find_organisation

    with db.session() as session:
        return orientation_for(session, find_organisation(session, ref), lang=lang, limit=limit)
