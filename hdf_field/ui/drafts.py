"""Visit drafts: the store lives in :mod:`hdf_field.services.visit_drafts` (its file format,
encrypted when the database is, is the core's); the GUI imports it from here."""

from __future__ import annotations

from hdf_field.services.visit_drafts import Draft, DraftStore, default_drafts_dir, draft_store

__all__ = ["Draft", "DraftStore", "default_drafts_dir", "draft_store"]
