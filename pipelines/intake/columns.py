"""Vectorized normalization of whole columns: each distinct raw value is parsed once, then mapped.

Survey files have millions of rows but few distinct values per column (codes, years, bands), so a
dict built from the distinct values and `replace_strict` keeps this fast.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

import polars as pl

from pipelines.core.vocab import DOMAINS
from pipelines.intake import codes, values
from pipelines.intake.forms import Column
from pipelines.intake.issues import Invalid, IssueLog, Problem

# kind → (parser of one stripped, non-blank text, normalized dtype)
SCALAR_KINDS: dict[str, tuple[Callable[..., object], pl.DataType]] = {
    "municipality_code": (codes.parse_municipality_code, pl.String),  # also takes the submitting prefecture
    "prefecture_code": (codes.parse_prefecture_code, pl.String),
    "corporate_number": (codes.parse_corporate_number, pl.String),
    "fiscal_year": (values.parse_fiscal_year, pl.Int32),
    "quarter": (values.parse_quarter, pl.Int32),
    "count": (values.parse_count, pl.Int64),
    "boolean": (values.parse_boolean, pl.Boolean),
    "actor_type": (values.parse_actor_type, pl.String),
    "service_category": (values.parse_service_category, pl.String),
    "model_type": (values.parse_model_type, pl.String),
    "stage": (values.parse_stage, pl.Int32),
    "age_band": (values.parse_age_band, pl.String),
    "satisfaction": (values.parse_satisfaction, pl.Int32),
    "month": (values.parse_month, pl.String),
}
_REQUIRED = "required"
_UNKNOWN_DOMAIN = "unknown"
_DOMAIN_LABELS = "、".join(label for _, label, _ in DOMAINS)


def _stripped(name: str) -> pl.Expr:
    """Blank (only whitespace, incl. U+3000) becomes null."""
    text = pl.col(name).str.strip_chars()
    return pl.when(text != "").then(text)


def _required_message(header: str) -> tuple[str, str]:
    return (
        f"必須項目「{header}」が空欄です。値を入力してください。",
        f"Required column '{header}' is blank. Please enter a value.",
    )


_FEW_ROWS = 2_000  # below this, a Python set finds a column's distinct values faster than a Polars pass


def _distinct(stripped: pl.Series) -> list[str]:
    if stripped.len() <= _FEW_ROWS:
        return [text for text in set(stripped.to_list()) if text is not None]
    return stripped.drop_nulls().unique().to_list()


class ColumnNormalizer:
    """Normalizes the raw text columns (named by key) of one file and logs every bad value.

    Each distinct value is parsed once in Python; the values of every scalar column are then mapped in a
    single Polars pass (one query per column would cost more than the mapping itself on small files).
    """

    def __init__(self, raw: pl.DataFrame, headers: dict[str, str], prefecture_code: str, log: IssueLog) -> None:
        self.raw = raw
        self.headers = headers
        self.prefecture_code = prefecture_code
        self.log = log
        self.stripped = raw.select(_stripped(name).alias(name) for name in raw.columns if name != "source_row")

    def normalize(self, column: Column) -> pl.Series:
        return self.normalize_all([column])[0]

    def normalize_all(self, columns: Sequence[Column]) -> list[pl.Series]:
        planned = [self._plan(column) for column in columns]
        mapped = self.stripped.select(plan for plan in planned if isinstance(plan, pl.Expr))
        return [
            mapped[column.key] if isinstance(plan, pl.Expr) else plan
            for column, plan in zip(columns, planned, strict=True)
        ]

    def _plan(self, column: Column) -> pl.Series | pl.Expr:
        """The normalized column itself, or the expression that maps its stripped values."""
        if column.key not in self.raw.columns:
            if column.kind == "domain_list":
                return pl.Series(column.key, [[]] * self.raw.height, dtype=pl.List(pl.String))
            dtype = SCALAR_KINDS[column.kind][1] if column.kind in SCALAR_KINDS else pl.String
            return pl.Series(column.key, [None] * self.raw.height, dtype=dtype)
        if column.kind == "text":
            return self._text(column)
        if column.kind == "domain_list":
            return self._domain_list(column)
        return self._scalar(column)

    def _report(
        self,
        column: Column,
        rules: pl.Series,
        stripped: pl.Series,
        describe: Callable[[str, dict], tuple[str, str]],
    ) -> None:
        """Log one error per row whose `rules` entry (a rule suffix) is set, with its stripped value."""
        if rules.null_count() == rules.len():
            return
        bad = pl.DataFrame({"source_row": self.raw["source_row"], "value": stripped, "rule": rules}).filter(
            pl.col("rule").is_not_null()
        )
        header = self.headers[column.key]
        for rule in bad["rule"].unique(maintain_order=True):
            rows = bad.filter(pl.col("rule") == rule).select("source_row", "value")
            self.log.add_rows("error", f"{column.key}.{rule}", header, rows, partial(describe, rule))

    @staticmethod
    def _has_required_blanks(column: Column, stripped: pl.Series) -> bool:
        return column.required and stripped.null_count() > 0

    def _blank_rule(self, column: Column, stripped: pl.Series) -> pl.Series:
        return pl.select(pl.when(stripped.is_null() & column.required).then(pl.lit(_REQUIRED))).to_series()

    def _text(self, column: Column) -> pl.Expr:
        stripped = self.stripped[column.key]
        if self._has_required_blanks(column, stripped):
            header = self.headers[column.key]
            rules = self._blank_rule(column, stripped)
            self._report(column, rules, stripped, lambda _rule, _row: _required_message(header))
        return pl.col(column.key)

    def _scalar(self, column: Column) -> pl.Expr:
        parse, dtype = SCALAR_KINDS[column.kind]
        if column.kind == "municipality_code":
            parse = partial(parse, prefecture_code=self.prefecture_code)
        stripped = self.stripped[column.key]
        parsed: dict[str, object] = {}
        problems: dict[str, Problem] = {}
        for text in _distinct(stripped):
            try:
                parsed[text] = parse(text)
            except Invalid as invalid:
                problems[text] = invalid.problem
        normalized = pl.col(column.key).replace_strict(parsed, default=None, return_dtype=dtype)
        if not problems and not self._has_required_blanks(column, stripped):
            return normalized  # the common case: every value parsed, nothing to report
        header = self.headers[column.key]
        rule_of = {text: problem.rule for text, problem in problems.items()}
        rules = stripped.replace_strict(rule_of, default=None, return_dtype=pl.String)
        rules = rules.fill_null(self._blank_rule(column, stripped))

        def describe(rule: str, row: dict) -> tuple[str, str]:
            if rule == _REQUIRED:
                return _required_message(header)
            problem = problems[row["value"]]
            return problem.message_ja, problem.message_en

        self._report(column, rules, stripped, describe)
        return normalized

    def _domain_list(self, column: Column) -> pl.Series:
        """Split on 、 , ; ； / or newline; each item a domain label or code; deduped, vocabulary order.

        Worked out once per distinct cell text, then joined back to the rows.
        """
        table = values.domain_table()
        codes_by_position = {index: code for index, (code, _, _) in enumerate(DOMAINS)}
        stripped = self.stripped[column.key]
        distinct = stripped.drop_nulls().unique()
        items = (
            distinct.str.normalize("NFKC")
            .str.replace_all(r"[、,;/\r\n]", "\n")
            .str.split("\n")
            .list.eval(pl.element().str.replace_all(r"\s", "").str.to_lowercase())
            .list.eval(pl.element().filter(pl.element() != ""))
        )
        known = {item: table[item] for item in items.explode().drop_nulls().unique() if item in table}
        positions = items.list.eval(pl.element().replace_strict(known, default=None, return_dtype=pl.Int32))
        per_text = pl.DataFrame(
            {
                "text": distinct,
                "unknown": positions.list.eval(pl.element().is_null()).list.any(),
                "codes": positions.list.eval(
                    pl.element().drop_nulls().unique().sort().replace_strict(codes_by_position, return_dtype=pl.String)
                ),
            }
        )
        rows = pl.DataFrame({"text": stripped}).join(per_text, on="text", how="left", maintain_order="left")
        domains = rows["codes"].fill_null(pl.lit([], dtype=pl.List(pl.String))).alias(column.key)
        unknown = rows["unknown"].fill_null(False)
        rules = pl.select(
            pl.when(unknown)
            .then(pl.lit(_UNKNOWN_DOMAIN))
            .when((domains.list.len() == 0) & column.required)
            .then(pl.lit(_REQUIRED))
        ).to_series()
        header = self.headers[column.key]

        def describe(rule: str, row: dict) -> tuple[str, str]:
            if rule == _REQUIRED:
                return _required_message(header)
            bad = "、".join(item for item in values.domain_items(row["value"]) if item.lower() not in table)
            return (
                f"「{header}」の「{bad}」は活動分野の分類にありません。次の名称またはコードを「、」区切りで"
                f"入力してください: {_DOMAIN_LABELS}",
                f"'{bad}' in '{header}' is not a known domain. Use domain labels or codes separated by 、: "
                f"{', '.join(code for code, _, _ in DOMAINS)}.",
            )

        self._report(column, rules, stripped, describe)
        return domains
