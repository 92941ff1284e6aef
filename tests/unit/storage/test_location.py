"""The status bar's words for a database: a file name or a server, never a password."""

from __future__ import annotations

from hdf_field.storage.location import DatabaseLocation, database_location


def test_a_file_a_memory_database_and_a_server() -> None:
    assert database_location("sqlite:////home/lea/hdf-field.sqlite3") == DatabaseLocation(
        False, "hdf-field.sqlite3", "/home/lea/hdf-field.sqlite3"
    )
    assert database_location("sqlite://") == DatabaseLocation(True, "", "sqlite://")
    assert database_location("sqlite:///:memory:") == DatabaseLocation(True, "", ":memory:")
    server = database_location("postgresql://u:secret@db.example.org/field")
    assert server is not None and server.label == "field @ db.example.org"
    assert "secret" not in server.place and "db.example.org" in server.place


def test_something_that_is_not_a_url_says_nothing() -> None:
    assert database_location("not a url at all") is None
