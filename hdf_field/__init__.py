"""HDF Field: the Hauts-de-France cluster campaign tool.

The core (everything outside :mod:`hdf_field.ui`) never imports Qt, so that the CLI,
the registry server and the tests run without a display.
"""

__version__ = "0.1.0"
