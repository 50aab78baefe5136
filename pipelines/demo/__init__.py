"""Realistic synthetic national data set for demos and benchmarks (`kyoso demo-data`).

    generate_demo_data(out_dir, seed=7, survey_rows=200_000, periods=None) -> manifest path

Modules: world (municipal figures), actors (roster), platform (prefecture stage paths),
survey (vectorized respondents), styles/render/writers (how files really look), inject
(deliberate errors and corrections), plan (arrival times, users), generate (orchestration).
"""

from pipelines.demo.generate import generate_demo_data

__all__ = ["generate_demo_data"]
