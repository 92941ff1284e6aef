"""KBO/BCE open data import: postal-code filter, FR/NL names, units, mod-97 check."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from hdf_field.domain.enums import Area, FunnelStatus, GeoPrecision
from hdf_field.domain.errors import InputFileError, ValidationError
from hdf_field.imports.kbo import import_kbo, parse_postcodes
from hdf_field.imports.places import GazetteerPlaces
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Organisation
from hdf_field.storage.uow import UnitOfWork

HEADERS = {
    "enterprise.csv": [
        "EnterpriseNumber",
        "Status",
        "JuridicalSituation",
        "TypeOfEnterprise",
        "JuridicalForm",
        "JuridicalFormCAC",
        "StartDate",
    ],
    "establishment.csv": ["EstablishmentNumber", "StartDate", "EnterpriseNumber"],
    "denomination.csv": ["EntityNumber", "Language", "TypeOfDenomination", "Denomination"],
    "address.csv": [
        "EntityNumber",
        "TypeOfAddress",
        "CountryNL",
        "CountryFR",
        "Zipcode",
        "MunicipalityNL",
        "MunicipalityFR",
        "StreetNL",
        "StreetFR",
        "HouseNumber",
        "Box",
        "ExtraAddressInfo",
        "DateStrikingOff",
    ],
    "activity.csv": ["EntityNumber", "ActivityGroup", "NaceVersion", "NaceCode", "Classification"],
}


def enterprise_number(n: int) -> str:
    digits = f"{n:08d}"
    full = f"{digits}{97 - n % 97:02d}"
    return f"{full[:4]}.{full[4:7]}.{full[7:]}"


E1, E2, E3, E5, E6 = (enterprise_number(n) for n in (2000657, 4123456, 4234567, 4456789, 4567890))
E4_BAD = enterprise_number(4345678)[:-1] + "0"
EST2, EST5, EST6, EST3 = "2.100.000.001", "2.100.000.002", "2.100.000.003", "2.100.000.004"


def _address(
    entity: str,
    kind: str,
    zipcode: str,
    city_fr: str,
    city_nl: str,
    street_fr: str = "",
    street_nl: str = "",
    number: str = "",
) -> list[str]:
    return [
        entity,
        kind,
        "België",
        "Belgique",
        zipcode,
        city_nl,
        city_fr,
        street_nl,
        street_fr,
        number,
        "",
        "",
        "",
    ]


def write_kbo(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rows = {
        "enterprise.csv": [
            [E1, "AC", "000", "2", "014", "", "01-02-2003"],  # line 2: unit (REGO 7500)
            [E2, "AC", "000", "2", "014", "", "15-06-1999"],  # 3: has an establishment
            [E3, "ST", "000", "2", "014", "", "01-01-1990"],  # 4: stopped
            [E4_BAD, "AC", "000", "2", "014", "", "01-01-2000"],  # 5: bad check
            [E5, "AC", "000", "2", "014", "", "01-01-2010"],  # 6: REGO and establishment
            [E6, "AC", "000", "2", "014", "", "01-01-2011"],  # 7: Liège
        ],
        "establishment.csv": [
            [EST2, "20-03-2001", E2],  # line 2: Kortrijk
            [EST5, "01-01-2010", E5],  # 3: Mouscron
            [EST6, "01-01-2011", E6],  # 4: Gent, outside the filter
            ["2.1OO.000.005", "01-01-2011", E6],  # 5: malformed number
            [EST3, "01-01-1990", E3],  # 6: enterprise stopped
        ],
        "address.csv": [
            _address(E1, "REGO", "7500", "Tournai", "Doornik", "Rue Royale", "", "12"),
            _address(E2, "REGO", "1000", "Bruxelles", "Brussel", "Rue Neuve", "Nieuwstraat", "1"),
            _address(EST2, "BAET", "8500", "Courtrai", "Kortrijk", "", "Grote Markt", "5"),
            _address(E3, "REGO", "7700", "Mouscron", "Moeskroen", "Rue du Midi", "", "3"),
            _address(EST3, "BAET", "7500", "Tournai", "Doornik", "Rue de Paris", "", "9"),
            _address(E5, "REGO", "7700", "Mouscron", "Moeskroen", "Rue de la Gare", "", "8"),
            _address(EST5, "BAET", "7700", "Mouscron", "Moeskroen", "Rue de la Gare", "", "8"),
            _address(E6, "REGO", "4000", "Liège", "Luik", "Place du Marché", "", "1"),
            _address(EST6, "BAET", "9000", "Gand", "Gent", "", "Veldstraat", "2"),
        ],
        "denomination.csv": [
            [E1, "2", "001", "Doornikse Vennootschap"],
            [E1, "1", "001", "Société Tournaisienne"],
            [E2, "2", "001", "Kortrijkse Bakkerij"],
            [EST2, "2", "003", "Bakkerij Centrum"],
            [E5, "1", "001", "Mouscron Métal"],
            [E5, "1", "002", "MM"],
        ],
        "activity.csv": [
            [E1, "001", "2008", "62010", "MAIN"],
            [E1, "001", "2003", "72220", "MAIN"],
            [E2, "001", "2008", "10711", "MAIN"],
            [E5, "001", "2008", "25110", "SECO"],
            [E5, "001", "2008", "85320", "MAIN"],
        ],
    }
    for name, header in HEADERS.items():
        with (folder / name).open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\n")
            w.writerow(header)
            w.writerows(rows[name])
    return folder


def _orgs(db: Database) -> list[Organisation]:
    with db.session() as s:
        return list(s.scalars(select(Organisation).order_by(Organisation.name)))


@pytest.fixture
def kbo_dir(tmp_path: Path) -> Path:
    return write_kbo(tmp_path / "kbo")


def test_units_names_and_accounting(db: Database, kbo_dir: Path, places: GazetteerPlaces) -> None:
    report = import_kbo(db, kbo_dir, "7500,7700,8500-8999", places=places)

    assert (report.read, report.created, report.updated) == (11, 3, 0)
    assert (report.skipped, report.rejected) == (6, 2)
    assert report.balanced
    assert [(Path(r.file).name, r.line) for r in report.rejects] == [
        ("establishment.csv", 5),
        ("enterprise.csv", 5),
    ]
    assert "contrôle modulo 97" in report.rejects[1].reason  # French by default
    by_name = {o.name: o for o in _orgs(db)}
    assert set(by_name) == {"Société Tournaisienne", "Kortrijkse Bakkerij", "Mouscron Métal"}

    tournai = by_name["Société Tournaisienne"]
    assert (tournai.be_enterprise_number, tournai.be_establishment_number) == (E1, None)
    assert (tournai.naf_code, tournai.naf_label) == ("62.01", "Programmation informatique")
    assert (tournai.street, tournai.postal_code) == ("Rue Royale 12", "7500")
    assert tournai.city == "Tournai"
    assert (tournai.country, tournai.area, tournai.geo_precision) == (
        "BE",
        Area.BELGIUM,
        GeoPrecision.POSTCODE,
    )
    assert tournai.lat is not None and 50.4 < tournai.lat < 50.8

    bakery = by_name["Kortrijkse Bakkerij"]
    assert (bakery.be_establishment_number, bakery.be_enterprise_number) == (EST2, E2)
    assert bakery.trade_name == "Bakkerij Centrum" and bakery.naf_code == "10.71"
    assert bakery.street == "Grote Markt 5" and bakery.postal_code == "8500"

    metal = by_name["Mouscron Métal"]
    assert metal.be_establishment_number == EST5 and metal.kind.value == "school"


def test_reimport_matches_enterprises_and_establishments(
    db: Database, kbo_dir: Path, places: GazetteerPlaces
) -> None:
    import_kbo(db, kbo_dir, "7500,7700,8500-8999", places=places)
    with UnitOfWork(db) as uow:
        org = uow.session.scalars(
            select(Organisation).where(Organisation.be_enterprise_number == E1)
        ).one()
        org.status = FunnelStatus.CONTACTED
        uow.commit()

    again = import_kbo(db, kbo_dir, "7500,7700,8500-8999", places=places)

    assert (again.created, again.updated, again.changed) == (0, 3, 0)
    orgs = _orgs(db)
    assert len(orgs) == 3
    assert next(o for o in orgs if o.be_enterprise_number == E1).status is FunnelStatus.CONTACTED


def test_zip_archive_and_narrow_filter(
    db: Database, kbo_dir: Path, tmp_path: Path, places: GazetteerPlaces
) -> None:
    archive = tmp_path / "KboOpenData_0140_2025_10_Full.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in HEADERS:
            zf.write(kbo_dir / name, name)

    report = import_kbo(db, archive, "7500", places=places)

    assert (report.read, report.created, report.rejected) == (11, 1, 2)
    assert [o.name for o in _orgs(db)] == ["Société Tournaisienne"]


def test_missing_file_is_a_format_error(
    db: Database, kbo_dir: Path, places: GazetteerPlaces
) -> None:
    (kbo_dir / "activity.csv").unlink()
    with pytest.raises(InputFileError, match="activity.csv"):
        import_kbo(db, kbo_dir, "7500", places=places)
    assert _orgs(db) == []


@pytest.mark.parametrize("text", ["", "75OO", "8999-8500", "12345", "7500,,abc"])
def test_bad_postcode_lists_are_refused(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_postcodes(text)
    assert caught.value.field == "postcodes" and caught.value.code  # said in FR or EN


def test_postcode_lists_and_ranges() -> None:
    codes = parse_postcodes("7500, 7700,8500-8999")
    assert "7500" in codes and "8930" in codes and "8999" in codes
    assert "7000" not in codes and "9000" not in codes and "abc" not in codes
