"""Travel model, day routes and campaign plans (no Qt, no database sessions inside solvers)."""
