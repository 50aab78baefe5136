"""National-scale benchmark (SPEC §5): `python -m bench [--scale national|small]`; see README "Performance"."""
