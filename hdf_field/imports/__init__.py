"""Register imports (SIRENE, KBO/BCE, mapped CSV/XLSX lists) into organisations.

One module per source format; all of them stream their input, write through
:mod:`hdf_field.imports.writer` and return an :class:`~hdf_field.imports.report.ImportReport`.
"""
