"""Synchronisation screens: the Sync view, the status-bar widget and what they share."""

from hdf_field.ui.sync.controller import SyncController
from hdf_field.ui.sync.status import SyncStatusWidget
from hdf_field.ui.sync.view import SyncView

__all__ = ["SyncController", "SyncStatusWidget", "SyncView"]
