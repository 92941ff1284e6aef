"""Plain rules and value types of the campaign: no database, no Qt."""
