"""Persistence: typed ORM models, the database opener (migrations applied) and the unit of work."""
