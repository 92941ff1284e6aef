"""The Planner screen (one officer's day or week): see :class:`PlannerView`."""

from hdf_field.ui.planner.view import PlannerView

__all__ = ["PlannerView"]
