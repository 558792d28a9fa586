"""The site model: plain dataclasses for what a site is made of, its indexes, and the plan
of output files."""
