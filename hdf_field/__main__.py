"""``python -m hdf_field`` behaves exactly like the ``hdf-field`` console script."""

from hdf_field.cli import main

raise SystemExit(main())
