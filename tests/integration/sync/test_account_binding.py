"""A laptop database belongs to the account of its first sync.

Before: tokens were kept by registry URL only, so an officer's database synced without
``--token`` silently used the manager's token saved last for that URL and pulled the whole
register. Now the database records its account, a sync without a token uses that account's
token, and another account's token is refused unless the database is re-bound explicitly.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as NoKeyring
from sqlalchemy import func, select

from hdf_field.cli import main
from hdf_field.domain.enums import Role
from hdf_field.registry.app import create_app
from hdf_field.registry.service import open_registry
from hdf_field.storage.database import open_database
from hdf_field.storage.orm import AppMeta, Organisation
from hdf_field.storage.uow import UnitOfWork
from hdf_field.sync import engine
from hdf_field.sync.client import SyncError, SyncErrorKind
from hdf_field.sync.credentials import load_token, save_token
from hdf_field.sync.service import REBINDS_KEY, SyncService, read_binding
from tests.integration.sync.conftest import LiveServer, Registry


@pytest.fixture(autouse=True)
def _no_keyring() -> Iterator[None]:
    """Tokens go to the 0600 file under the test's XDG_CONFIG_HOME, never a real keyring."""
    before = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())
    yield
    keyring.set_keyring(before)


def _orgs(registry: Registry, token: str, path: Path, template: Path, *departements: str) -> None:
    """Organisations reach the registry as they do in the field: pushed by a laptop."""
    laptop = registry.laptop(token, path, template)
    try:
        with UnitOfWork(laptop.db) as uow:
            for i, dep in enumerate(departements):
                uow.session.add(Organisation(name=f"Org {i} ({dep})", departement=dep))
            uow.commit()
        laptop.sync.run()
    finally:
        laptop.db.dispose()


def _count(path: Path) -> int:
    db = open_database(path)
    try:
        with db.session() as s:
            return int(s.scalar(select(func.count()).select_from(Organisation)) or 0)
    finally:
        db.dispose()


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def live(tmp_path: Path, _template_db: Path) -> Iterator[Registry]:
    import shutil

    target = tmp_path / "registry.sqlite3"
    shutil.copyfile(_template_db, target)
    rdb = open_registry(target)
    app = create_app(rdb)
    server = LiveServer(app).start()
    yield Registry(rdb, app, server.url)
    server.stop()
    rdb.dispose()


def test_cli_sync_uses_the_database_s_own_account_and_refuses_another(
    live: Registry, tmp_path: Path, _template_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    officer = live.user("nord@hdf.fr", territory=["59"])
    manager = live.user("chef@hdf.fr", role=Role.MANAGER)
    _orgs(live, manager, tmp_path / "office.sqlite3", _template_db, "59", "59", "80", "80", "80")
    laptop = tmp_path / "laptop.sqlite3"
    shutil.copyfile(_template_db, laptop)

    # A database that never synced needs a token: the last one saved for the URL may be
    # anyone's.
    save_token(live.url, manager)
    code, _, err = cli(capsys, "sync", "--db", str(laptop), "--server", live.url)
    assert code != 0 and err.count("\n") == 1 and "--token" in err

    code, out, err = cli(
        capsys, "sync", "--db", str(laptop), "--server", live.url, "--token", officer, "--json"
    )
    assert code == 0, err
    assert set(json.loads(out)) == {"pushed", "pulled", "conflicts", "pending", "erased", "dropped"}
    assert _count(laptop) == 2
    assert load_token(live.url, "nord@hdf.fr") == officer

    # The manager logs in on the same laptop: the URL's latest token is now theirs ...
    save_token(live.url, manager, "chef@hdf.fr")
    # ... yet the officer's database syncs with the officer's own token.
    code, out, err = cli(capsys, "sync", "--db", str(laptop), "--json")
    assert code == 0, err
    assert _count(laptop) == 2

    # The manager's token on the officer's database: refused, one line, nothing pulled.
    code, out, err = cli(capsys, "sync", "--db", str(laptop), "--token", manager)
    assert code != 0 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "appartient à nord@hdf.fr" in err and "--rebind" in err
    assert _count(laptop) == 2
    ldb = open_database(laptop)
    try:
        assert read_binding(ldb) is not None
        assert read_binding(ldb).email == "nord@hdf.fr"  # type: ignore[union-attr]
    finally:
        ldb.dispose()

    # Explicit re-binding: audited, the cursor goes back and the manager's scope arrives.
    code, out, err = cli(
        capsys, "sync", "--db", str(laptop), "--token", manager, "--rebind", "--json"
    )
    assert code == 0, err
    assert _count(laptop) == 5
    ldb = open_database(laptop)
    try:
        binding = read_binding(ldb)
        assert binding is not None and binding.email == "chef@hdf.fr"
        with ldb.session() as s:
            audit = s.get(AppMeta, REBINDS_KEY)
            assert audit is not None
            assert audit.value[0]["from"]["email"] == "nord@hdf.fr"
            assert audit.value[0]["to"]["email"] == "chef@hdf.fr"
    finally:
        ldb.dispose()


def test_a_database_synced_before_bindings_belongs_to_its_last_account(
    live: Registry, tmp_path: Path, _template_db: Path
) -> None:
    import shutil

    officer = live.user("nord@hdf.fr", territory=["59"])
    manager = live.user("chef@hdf.fr", role=Role.MANAGER)
    laptop = tmp_path / "laptop.sqlite3"
    shutil.copyfile(_template_db, laptop)
    db = open_database(laptop)
    try:
        # What an older version left: the account of the last sync and the server.
        with UnitOfWork(db) as uow:
            uow.session.add(AppMeta(key="sync_account", value="nord@hdf.fr"))
            engine.get_state(uow.session).server_url = live.url
            uow.commit()
        with pytest.raises(SyncError) as refused:
            SyncService(db, live.url, manager).run()
        assert refused.value.kind is SyncErrorKind.ACCOUNT
        report = SyncService(db, live.url, officer).run()
        assert report.pending == 0
    finally:
        db.dispose()


def test_credentials_are_kept_per_account(tmp_path: Path) -> None:
    url = "http://127.0.0.1:9/"
    assert load_token(url) is None
    save_token(url, "hdf_old")  # an existing caller, no account
    assert load_token(url) == "hdf_old"
    assert load_token(url, "a@hdf.fr") == "hdf_old"  # tokens saved before accounts existed
    save_token(url, "hdf_a", "A@hdf.fr")
    save_token(url, "hdf_b", "b@hdf.fr")
    assert load_token(url, "a@hdf.fr") == "hdf_a"
    assert load_token(url, "b@hdf.fr") == "hdf_b"
    assert load_token(url) == "hdf_b"  # the latest for the URL
    assert load_token("http://127.0.0.1:10/", "a@hdf.fr") is None
