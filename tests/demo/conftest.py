"""One generated demo data set shared by the demo tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.demo import generate_demo_data
from tests.demo.demo_files import SURVEY_ROWS


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    manifest = generate_demo_data(out, seed=7, survey_rows=SURVEY_ROWS, engagements_per_municipality=6)
    assert manifest == out / "manifest.csv"
    return out
