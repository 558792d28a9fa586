"""Rendering: one output file per unit of the plan, each a pure function of the site model."""
