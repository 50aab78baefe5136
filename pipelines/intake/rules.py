"""Rules across columns and rows of one form (SPEC §3.2–3.5), run on the normalized values.

A value that failed normalization is null here, so each rule only judges values that could be read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from pipelines.core.reference import municipalities, municipalities_of, prefectures
from pipelines.core.vocab import SERVICE_A_CATEGORIES, SERVICE_CATEGORIES, nfkc_compact
from pipelines.intake.codes import prefecture_label
from pipelines.intake.issues import IssueLog

POPULATION_CHANGE_LIMIT = 0.20


@dataclass(frozen=True)
class RuleContext:
    frame: pl.DataFrame  # normalized columns (keys) + source_row
    headers: dict[str, str]  # key → header as written
    prefecture_code: str
    previous_population: dict[str, int]  # municipality code → population_65plus of the previous period
    log: IssueLog

    def flag(
        self,
        severity: str,
        rule: str,
        key: str,
        condition: pl.Expr,
        describe: Callable[[dict], tuple[str, str]],
        *context: str,
    ) -> None:
        """Log an issue on column `key` for every row meeting `condition`; `context` columns reach `describe`."""
        rows = self.frame.filter(condition).select("source_row", pl.col(key).alias("value"), *context)
        self.log.add_rows(severity, rule, self.headers[key], rows, describe)


def _name(code: str) -> str:
    municipality = municipalities().get(code)
    return municipality.name if municipality else ""


def _exceeds(ctx: RuleContext, key: str, limit_key: str, rule: str) -> None:
    header, limit_header = ctx.headers[key], ctx.headers[limit_key]
    ctx.flag(
        "error",
        f"{key}.{rule}",
        key,
        pl.col(key) > pl.col(limit_key),
        lambda row: (
            f"{header}（{row['value']:,}）が{limit_header}（{row[limit_key]:,}）を超えています。値をご確認ください。",
            f"{header} ({row['value']:,}) exceeds {limit_header} ({row[limit_key]:,}). Please check the values.",
        ),
        limit_key,
    )


def _duplicates(ctx: RuleContext, key: str, partition: list[str], what_ja: str, what_en: str) -> None:
    """Every row after the first with the same values of `partition` is an error."""
    header = ctx.headers[key]
    rows = (
        ctx.frame.with_columns(first_row=pl.col("source_row").min().over(partition))
        .filter(pl.all_horizontal(pl.col(partition).is_not_null()) & (pl.col("source_row") != pl.col("first_row")))
        .select("source_row", pl.col(key).alias("value"), "first_row")
    )
    ctx.log.add_rows(
        "error",
        f"{key}.duplicate",
        header,
        rows,
        lambda row: (
            f"{header}「{row['value']}」が{what_ja}重複しています（最初の行: {row['first_row']}行目）。",
            f"{header} '{row['value']}' is duplicated{what_en} (first seen in row {row['first_row']}).",
        ),
    )


def _municipal_report(ctx: RuleContext) -> None:
    population, areas = ctx.headers["population_65plus"], ctx.headers["daily_living_areas"]
    ctx.flag(
        "error",
        "population_65plus.not_positive",
        "population_65plus",
        pl.col("population_65plus") == 0,
        lambda _: (
            f"{population}が 0 です。1以上の値を入力してください。",
            f"{population} is 0. It must be greater than 0.",
        ),
    )
    ctx.flag(
        "error",
        "daily_living_areas.below_minimum",
        "daily_living_areas",
        pl.col("daily_living_areas") == 0,
        lambda _: (
            f"{areas}が 0 です。1以上の値を入力してください（第1層と第2層が同じ区域なら 1）。",
            f"{areas} is 0. It must be at least 1 (1 when layers 1 and 2 are the same area).",
        ),
    )
    _exceeds(ctx, "sc_layer2_areas_covered", "daily_living_areas", "exceeds_areas")
    _exceeds(ctx, "council_layer2_areas", "daily_living_areas", "exceeds_areas")
    _exceeds(ctx, "kayoi_participants", "population_65plus", "exceeds_population")
    _duplicates(ctx, "municipality_code", ["municipality_code"], "", "")
    _municipality_names(ctx)
    _population_change(ctx)
    _missing_municipalities(ctx)


def _municipality_names(ctx: RuleContext) -> None:
    prefecture_name = prefectures()[ctx.prefecture_code].name
    header = ctx.headers["municipality_name"]

    def differs(code: str, name: str) -> bool:
        expected = _name(code)
        return nfkc_compact(name) not in (nfkc_compact(expected), nfkc_compact(prefecture_name + expected))

    pairs = ctx.frame.select("municipality_code", "municipality_name").drop_nulls().unique().rows()
    mismatched = [name for code, name in pairs if differs(code, name)]
    ctx.flag(
        "warning",
        "municipality_name.mismatch",
        "municipality_name",
        pl.col("municipality_name").is_in(mismatched) & pl.col("municipality_code").is_not_null(),
        lambda row: (
            f"{header}「{row['value']}」が団体コード {row['municipality_code']} の名称"
            f"「{_name(row['municipality_code'])}」と一致しません。団体コードをご確認ください。",
            f"{header} '{row['value']}' does not match the name of municipality code {row['municipality_code']} "
            f"('{_name(row['municipality_code'])}'). Please check the code.",
        ),
        "municipality_code",
    )


def _population_change(ctx: RuleContext) -> None:
    if not ctx.previous_population:
        return
    header = ctx.headers["population_65plus"]
    previous = pl.col("municipality_code").replace_strict(ctx.previous_population, default=None, return_dtype=pl.Int64)
    frame = ctx.frame.with_columns(previous=previous)
    change = (pl.col("population_65plus") - pl.col("previous")).abs() / pl.col("previous")
    rows = frame.filter((pl.col("previous") > 0) & (change > POPULATION_CHANGE_LIMIT)).select(
        "source_row", pl.col("population_65plus").alias("value"), "previous"
    )

    def describe(row: dict) -> tuple[str, str]:
        percent = (row["value"] - row["previous"]) / row["previous"] * 100
        return (
            f"{header}（{row['value']:,}）が前回の報告（{row['previous']:,}）から {percent:+.1f}% 変化しています"
            f"（目安: ±20%以内）。値をご確認ください。",
            f"{header} ({row['value']:,}) changed by {percent:+.1f}% from the previous report "
            f"({row['previous']:,}); more than 20%. Please check the value.",
        )

    ctx.log.add_rows("warning", "population_65plus.change", header, rows, describe)


def _missing_municipalities(ctx: RuleContext) -> None:
    reported = set(ctx.frame["municipality_code"].drop_nulls())
    missing = [m for m in municipalities_of(ctx.prefecture_code) if m.code not in reported]
    if not missing:
        return
    listed = "、".join(f"{m.code} {m.name}" for m in missing)
    ctx.log.add(
        "warning",
        "municipality_code.missing",
        f"{prefecture_label(ctx.prefecture_code)}の市区町村のうち {len(missing)} 件の行がありません: {listed}。"
        "報告は受け付けますが、これらは未報告として集計されます。",
        f"{len(missing)} municipalities of prefecture {ctx.prefecture_code} have no row: "
        f"{', '.join(m.code for m in missing)}. The report is accepted; they count as not reported.",
        column=ctx.headers["municipality_code"],
    )


def _actor_roster(ctx: RuleContext) -> None:
    header = ctx.headers["model_type"]
    labels = {code: label for code, label, _ in SERVICE_CATEGORIES}
    ctx.flag(
        "warning",
        "model_type.not_applicable",
        "model_type",
        pl.col("model_type").is_not_null() & ~pl.col("service_category").is_in(list(SERVICE_A_CATEGORIES)),
        lambda row: (
            f"{header}は訪問型サービスA・通所型サービスAについて記入する項目です"
            f"（この行のサービス区分: {labels[row['service_category']]}）。記入内容をご確認ください。",
            f"{header} applies to home-visit / day service A only (this row: {row['service_category']}). "
            "Please check the row.",
        ),
        "service_category",
    )


def _platform_status(ctx: RuleContext) -> None:
    header = ctx.headers["prefecture_code"]
    submitting = prefecture_label(ctx.prefecture_code)
    ctx.flag(
        "error",
        "prefecture_code.mismatch",
        "prefecture_code",
        pl.col("prefecture_code") != ctx.prefecture_code,
        lambda row: (
            f"{header}「{prefecture_label(row['value'])}」が提出元の都道府県（{submitting}）と一致しません。"
            "自都道府県の状況のみ提出してください。",
            f"{header} '{row['value']}' is not the submitting prefecture ({ctx.prefecture_code}). "
            "Submit only your own prefecture's status.",
        ),
    )
    ctx.flag(
        "error",
        "prefecture_code.duplicate",
        "prefecture_code",
        pl.col("source_row") != pl.col("source_row").min(),
        lambda _: (
            "都道府県プラットフォーム構築状況は提出元の都道府県の1行のみ記入してください。この行は2行目以降の行です。",
            "The platform status has exactly one row (the submitting prefecture); this is an extra row.",
        ),
    )


def _survey_responses(ctx: RuleContext) -> None:
    partition = ["municipality_code", "respondent_id"]
    _duplicates(ctx, "respondent_id", partition, "同じ市区町村内で", " within the municipality")


FORM_RULES: dict[str, Callable[[RuleContext], None]] = {
    "municipal_report": _municipal_report,
    "actor_roster": _actor_roster,
    "platform_status": _platform_status,
    "survey_responses": _survey_responses,
}
