"""The clusters' web portal, served by the registry under ``/portal/``."""
