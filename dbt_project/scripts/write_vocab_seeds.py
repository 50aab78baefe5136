"""Write the vocabulary seeds of the dbt project from `pipelines.core.vocab` and the form titles of
`pipelines.intake.forms` (the single source of the codes and labels).

    python dbt_project/scripts/write_vocab_seeds.py            # rewrite the CSV files
    python dbt_project/scripts/write_vocab_seeds.py --check    # exit 1 when a seed differs

`tests/dbt/test_vocab_seeds.py` runs the check, so a vocabulary edit without a seed refresh fails CI.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
sys.path.insert(0, str(SEEDS_DIR.parent.parent))

from pipelines.core import vocab  # noqa: E402
from pipelines.intake.forms import FORMS  # noqa: E402


def _flag(value: bool) -> str:
    return "true" if value else "false"


def vocab_seeds() -> dict[str, list[list[str]]]:
    """File name → rows (header first) of every vocabulary seed."""
    return {
        "actor_types": [["code", "label_ja", "label_en", "is_traditional", "sort_order"]]
        + [
            [code, ja, en, _flag(code in vocab.TRADITIONAL_ACTOR_TYPES), str(order)]
            for order, (code, ja, en) in enumerate(vocab.ACTOR_TYPES, start=1)
        ],
        "domains": [["code", "label_ja", "label_en", "sort_order"]]
        + [[code, ja, en, str(order)] for order, (code, ja, en) in enumerate(vocab.DOMAINS, start=1)],
        "service_categories": [["code", "label_ja", "label_en", "is_service_a", "sort_order"]]
        + [
            [code, ja, en, _flag(code in vocab.SERVICE_A_CATEGORIES), str(order)]
            for order, (code, ja, en) in enumerate(vocab.SERVICE_CATEGORIES, start=1)
        ],
        "model_types": _plain(vocab.MODEL_TYPES),
        "stages": _plain(vocab.STAGES),
        "age_bands": _plain(vocab.AGE_BANDS),
        "municipality_kinds": _plain(vocab.MUNICIPALITY_KINDS),
        "forms": _plain([(form.key, form.title_ja, form.title_en) for form in FORMS.values()]),
    }


def _plain(vocabulary: list[tuple[str, str, str]]) -> list[list[str]]:
    return [["code", "label_ja", "label_en", "sort_order"]] + [
        [code, ja, en, str(order)] for order, (code, ja, en) in enumerate(vocabulary, start=1)
    ]


def render(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def stale_seeds(seeds_dir: Path = SEEDS_DIR) -> list[str]:
    """Names of the vocabulary seeds whose file content differs from `pipelines.core.vocab`."""
    return [
        name
        for name, rows in vocab_seeds().items()
        if not (seeds_dir / f"{name}.csv").exists()
        or (seeds_dir / f"{name}.csv").read_text(encoding="utf-8") != render(rows)
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report seeds that differ")
    args = parser.parse_args()
    if args.check:
        stale = stale_seeds()
        for name in stale:
            print(f"stale seed: {name}.csv", file=sys.stderr)
        return 1 if stale else 0
    for name, rows in vocab_seeds().items():
        (SEEDS_DIR / f"{name}.csv").write_text(render(rows), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
