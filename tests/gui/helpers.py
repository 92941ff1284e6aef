"""Small data set shared by the GUI tests."""

from __future__ import annotations

from hdf_field.domain.enums import FunnelStatus
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Contact, Organisation
from hdf_field.storage.uow import UnitOfWork

SIRET_OK = "55210055400013"


def seed(db: Database) -> dict[str, str]:
    ids: dict[str, str] = {}
    with UnitOfWork(db, actor="test") as uow:
        s = uow.session
        orgs = {
            "bakery": Organisation(
                name="Boulangerie Lefèvre",
                city="Étaples",
                departement="62",
                naf_code="10.71C",
                siret=SIRET_OK,
                lat=50.51,
                lon=1.64,
            ),
            "works": Organisation(
                name="Ateliers Mécaniques du Beauvaisis",
                city="Beauvais",
                departement="60",
                naf_code="29.10Z",
                status=FunnelStatus.CONTACTED,
            ),
            "lab": Organisation(
                name="Laboratoire Matériaux", city="Lille", departement="59", naf_code="72.19Z"
            ),
        }
        for i in range(30):
            orgs[f"filler{i}"] = Organisation(
                name=f"Société Test {i:02d}", city="Amiens", departement="80"
            )
        s.add_all(orgs.values())
        s.add(Contact(organisation=orgs["works"], first_name="Hélène", last_name="Dupré"))
        s.flush()
        ids = {k: str(o.id) for k, o in orgs.items()}
        uow.commit()
    return ids
