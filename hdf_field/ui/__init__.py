"""The desktop client: the only package that imports PySide6.

It is a thin layer over :mod:`hdf_field.services`; database work runs on the single worker
thread of :class:`hdf_field.ui.tasks.TaskRunner` and widgets only ever see frozen rows.
"""
