"""One Alembic head, reached from every state databases were left in by earlier versions.

Until ``0009_merge_heads`` the script directory had two heads (``0002_search`` beside the
``0002_sync`` … ``0008_contact_legal`` chain) and the app upgraded to ``"heads"``; laptops
and registries are stamped with both, or with one branch behind the other. Each such state
is rebuilt here with explicit ``upgrade`` targets (what the old code did, step by step), then
opened by the current code.
"""

from __future__ import annotations

import shutil
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, insert, text

import hdf_field.registry.tables  # noqa: F401  (their tables belong to the metadata)
import hdf_field.sync.tables  # noqa: F401
from hdf_field.domain.enums import FunnelStatus
from hdf_field.paths import migrations_dir, project_root
from hdf_field.storage import search_index
from hdf_field.storage.database import alembic_config, make_engine, open_database
from hdf_field.storage.orm import Base, Organisation

# Version-table states older code leaves behind, each reached by upgrading to these targets
# in turn. The first is every database the code of 0008_contact_legal opened.
OLD_STATES = [
    ("0008_contact_legal", "0002_search"),
    ("0002_search", "0008_contact_legal"),
    ("0002_search", "0007_planning_early_departure"),
    ("0002_search", "0005_record_alias"),
    ("0002_search",),
    ("0007_planning_early_departure",),
    ("0001",),
]


def _script() -> ScriptDirectory:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    return ScriptDirectory.from_config(cfg)


def _include(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    return not (type_ == "table" and reflected and compare_to is None)


def _versions(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads())


def _schema(engine: Engine) -> list[tuple[str, str, str]]:
    """Everything SQLite stores about the schema (tables, indexes, triggers, FTS shadows)."""
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT type, name, coalesce(sql, '') FROM sqlite_master "
                "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"
            )
        ).all()
    return [(str(t), str(n), " ".join(str(s).split())) for t, n, s in rows]


def _diff(engine: Engine) -> list[object]:
    with engine.connect() as conn:
        ctx = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": _include}
        )
        return list(compare_metadata(ctx, Base.metadata))


def _old_database(path: Path, targets: tuple[str, ...]) -> None:
    engine = make_engine(f"sqlite:///{path}")
    try:
        cfg = alembic_config(engine)
        command.upgrade(cfg, "0001")
        with engine.begin() as conn:  # a prospect and its contact, kept through every revision
            conn.execute(
                text(
                    "INSERT INTO organisation (id, kind, name, register_active, country, "
                    "geo_precision, status, priority, tags, created_at, updated_at, version) "
                    "VALUES ('00000000000000000000000000000001', 'company', 'Zanzibar Textiles', "
                    "1, 'FR', 'none', 'new', 0, '[]', '2026-01-01 00:00:00', "
                    "'2026-01-01 00:00:00', 1)"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO contact (id, organisation_id, last_name, language, created_at, "
                    "updated_at, version) VALUES ('00000000000000000000000000000002', "
                    "'00000000000000000000000000000001', 'Quennehen', 'fr', "
                    "'2026-01-01 00:00:00', '2026-01-01 00:00:00', 1)"
                )
            )
        for target in targets:
            command.upgrade(cfg, target)
    finally:
        engine.dispose()


def _found(engine: Engine, words: str) -> int:
    expression = search_index.match_expression(words)
    assert expression is not None
    with engine.connect() as conn:
        return int(
            conn.execute(
                text(
                    f"SELECT count(*) FROM {search_index.FTS_TABLE} "
                    f"WHERE {search_index.FTS_TABLE} MATCH :q"
                ),
                {"q": expression},
            ).scalar_one()
        )


def test_the_script_directory_has_exactly_one_head() -> None:
    heads = _script().get_heads()
    assert len(heads) == 1, f"several Alembic heads: {heads}; add a merge revision"


def test_alembic_ini_points_at_the_same_scripts() -> None:
    ini = project_root() / "alembic.ini"
    cfg = Config(str(ini))
    assert "url" not in (cfg.get_section(cfg.config_ini_section) or {})
    assert ScriptDirectory.from_config(cfg).get_heads() == _script().get_heads()


def test_a_fresh_database_ends_at_the_single_head(tmp_path: Path) -> None:
    db = open_database(tmp_path / "fresh.sqlite3")
    try:
        assert _versions(db.engine) == {_script().get_current_head()}
        assert _diff(db.engine) == []
    finally:
        db.dispose()


@pytest.mark.parametrize("targets", OLD_STATES, ids="+".join)
def test_an_old_database_reaches_the_single_head_with_the_fresh_schema(
    tmp_path: Path, targets: tuple[str, ...]
) -> None:
    old = tmp_path / "old.sqlite3"
    _old_database(old, targets)
    fresh = open_database(tmp_path / "fresh.sqlite3")
    db = open_database(old)
    try:
        assert _versions(db.engine) == {_script().get_current_head()}
        assert _diff(db.engine) == []
        assert _schema(db.engine) == _schema(fresh.engine)
        # Nothing stored is lost, and the search index finds it by name and by contact.
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT name FROM organisation")).scalars().all() == [
                "Zanzibar Textiles"
            ]
            assert conn.execute(text("SELECT count(*) FROM contact")).scalar_one() == 1
        assert _found(db.engine, "zanzibar") == 1
        assert _found(db.engine, "quennehen") == 1
        # And the triggers maintain it again after the upgrade.
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE contact SET last_name = 'Wattrelos'"))
        assert _found(db.engine, "quennehen") == 0
        assert _found(db.engine, "wattrelos") == 1
    finally:
        db.dispose()
        fresh.dispose()


def test_databases_at_both_former_heads_keep_their_schema_exactly(tmp_path: Path) -> None:
    """The merge revision changes no schema: only the version table moves."""
    path = tmp_path / "both.sqlite3"
    _old_database(path, OLD_STATES[0])
    engine = make_engine(f"sqlite:///{path}")
    before = _schema(engine)
    assert _versions(engine) == {"0002_search", "0008_contact_legal"}
    # Up to the merge revision only: later revisions (0010_erasure on) change the schema.
    command.upgrade(alembic_config(engine), "0009_merge_heads")
    assert _schema(engine) == before
    assert _versions(engine) == {"0009_merge_heads"}
    engine.dispose()
    db = open_database(path)
    try:
        assert _versions(db.engine) == {_script().get_current_head()}
    finally:
        engine.dispose()


RECREATE_ORGANISATION = '''"""a later revision that recreates organisation (SQLite batch copy)"""
import sqlalchemy as sa
from alembic import op

revision = "9999_recreate_organisation"
down_revision = {head!r}
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("organisation", recreate="always") as batch_op:
        batch_op.add_column(sa.Column("probe", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("organisation", recreate="always") as batch_op:
        batch_op.drop_column("probe")
'''


def test_a_revision_that_recreates_organisation_keeps_search_working(tmp_path: Path) -> None:
    """A batch copy renumbers rowids (here after a deletion left a gap): the index follows."""
    db = open_database(tmp_path / "m.sqlite3")
    now = datetime.now(UTC)
    names = ["Arques Verrerie", "Bailleul Brasserie", "Caudry Dentelles"]
    with db.write_engine.begin() as conn:
        conn.execute(
            insert(Organisation),
            [
                {
                    "id": uuid.uuid4(),
                    "name": name,
                    "status": FunnelStatus.IDENTIFIED,
                    "priority": 0,
                    "created_at": now,
                    "updated_at": now,
                    "version": 1,
                }
                for name in names
            ],
        )
        conn.execute(text("DELETE FROM organisation WHERE name = 'Arques Verrerie'"))
    scripts = tmp_path / "db"
    shutil.copytree(migrations_dir(), scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "9999_recreate_organisation.py").write_text(
        RECREATE_ORGANISATION.format(head=_script().get_current_head()), encoding="utf-8"
    )
    cfg = alembic_config(db.engine)
    cfg.set_main_option("script_location", str(scripts))
    with db.engine.connect() as conn:
        rowids_before = conn.execute(text("SELECT rowid FROM organisation")).scalars().all()
    command.upgrade(cfg, "head")
    try:
        with db.engine.connect() as conn:
            rowids_after = conn.execute(text("SELECT rowid FROM organisation")).scalars().all()
            assert conn.execute(
                text("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")
            ).scalar_one() == len(search_index.TRIGGERS)
        assert rowids_after != rowids_before  # the copy did renumber: the case under test
        assert _found(db.engine, "bailleul") == 1
        assert _found(db.engine, "caudry") == 1
        assert _found(db.engine, "arques") == 0
        with db.engine.connect() as conn:
            assert conn.execute(
                text(
                    f"SELECT o.name FROM {search_index.FTS_TABLE} f JOIN organisation o "
                    f"ON o.rowid = f.rowid WHERE {search_index.FTS_TABLE} MATCH :q"
                ),
                {"q": search_index.match_expression("caudry")},
            ).scalars().all() == ["Caudry Dentelles"]
    finally:
        db.dispose()
