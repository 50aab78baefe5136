"""The baseline's normalization (SPEC §3.1–3.6) in plain DuckDB SQL: staged VARCHAR cells → raw.<form>.

`setup()` creates the text macros and the spelling tables (from the dbt seeds, plus the boolean words);
`normalize(form)` is ONE statement per form. Every column is worked out once per distinct cell text
(a small lookup CTE) and joined back to the rows. DuckDB has no NFKC: `nk()` applies the part of it the
uploads can use (full-width ASCII, U+3000 and other spaces, circled digits ①–⑨, half-width 、・ー).
"""

from __future__ import annotations

from pathlib import Path

from pipelines.core.vocab import BOOLEAN_FALSE, BOOLEAN_TRUE
from pipelines.intake.forms import FORMS, NORMALIZED_SCHEMAS

SPACES = "\u00a0" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"  # NFKC: → " "
WHITESPACE = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u1680\u2028\u2029" + SPACES  # what str.split() splits on
# NFKC for full-width ASCII (！ … ～), circled digits, half-width punctuation and the prolonged sound mark
NFKC_FROM = "".join(map(chr, range(0xFF01, 0xFF5F))) + "①②③④⑤⑥⑦⑧⑨" + "｡｢｣､･ｰ"
NFKC_TO = "".join(map(chr, range(0x21, 0x7F))) + "123456789" + "。「」、・ー"
# a character nk() / compact() would change (RE2 class; \s is ASCII only)
SPECIAL = ("[\\s\\x{0b}\\x{1c}-\\x{1f}\\x{85}\\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}"
           "\\x{3000}\\x{ff01}-\\x{ff5e}①-⑨\\x{ff61}-\\x{ff65}\\x{ff70}]")
DASHES = "[‐‑‒–—―−ー-]"
SEEDS = Path(__file__).resolve().parent.parent / "dbt_project" / "seeds"
VOCABULARIES = ("actor_type", "actor_types"), ("domain", "domains"), ("service_category", "service_categories"), (
    "model_type", "model_types"), ("stage", "stages"), ("age_band", "age_bands")


def _text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _seed(name: str) -> str:
    return f"read_csv({_text(str(SEEDS / f'{name}.csv'))}, header = true, all_varchar = true)"


MACROS = f"""
create or replace temp macro nk(t) as case when regexp_matches(t, '{SPECIAL}')  -- translate() is slow: only when needed
    then translate(t, {_text(NFKC_FROM + SPACES)}, {_text(NFKC_TO + ' ' * len(SPACES))}) else t end;
create or replace temp macro compact(t) as case when regexp_matches(t, '{SPECIAL}')  -- nk() and no whitespace
    then translate(t, {_text(NFKC_FROM + WHITESPACE)}, {_text(NFKC_TO)}) else t end;
create or replace temp macro stripped(t) as nullif(case  -- trim() with a char list is slow: only when needed
    when contains({_text(WHITESPACE)}, t[1]) or contains({_text(WHITESPACE)}, t[-1]) then trim(t, {_text(WHITESPACE)})
    else t end, '');
create or replace temp macro canon(kind, t) as lower(case kind
    when 'model_type' then regexp_replace(t, '{DASHES}', '-', 'g')
    when 'age_band' then replace(replace(regexp_replace(regexp_replace(t, '{DASHES}', '-', 'g'), '[~〜]', '-', 'g'),
                                         '歳', ''), '以上', '+')
    else t end);
create or replace temp macro check_digit(d) as cast((11 - (6 * cast(d[1] as int) + 5 * cast(d[2] as int)
    + 4 * cast(d[3] as int) + 3 * cast(d[4] as int) + 2 * cast(d[5] as int)) % 11) % 10 as varchar);
create or replace temp macro as_count(c) as
    cast(replace(nullif(regexp_extract(c, '^[-−‐△▲]?([0-9]{{1,3}}(?:,[0-9]{{3}})+|[0-9]+)(?:\\.[0-9]+)?$', 1), ''),
                 ',', '') as bigint);
create or replace temp macro era(c) as  -- 令和N / RN (N = 元 or digits) → 2018 + N
    2018 + coalesce(try_cast(regexp_extract(lower(c), '^(?:令和|r)([0-9]{{1,2}})', 1) as int), 1);
create or replace temp macro as_year(c) as case
    when regexp_full_match(lower(c), '(?:fy)?[0-9]{{4}}(?:年度?)?') then cast(regexp_extract(c, '[0-9]{{4}}') as int)
    when regexp_full_match(lower(c), '(?:令和|r)(?:[0-9]{{1,2}}|元)(?:年度?)?') then era(c) end;
create or replace temp macro as_quarter(c) as cast(nullif(regexp_replace(
    regexp_extract(lower(regexp_replace(c, '\\(.*?\\)', '', 'g')), '^(?:第?[1-4](?:四半期)?|q[1-4]|[1-4]q)$'),
    '[^1-4]', '', 'g'), '') as int);
create or replace temp macro as_month(c) as case
    when regexp_full_match(c, '[0-9]{{4}}[-/.年][0-9]{{1,2}}月?(?:[-/.][0-9]{{1,2}}日?)?'
                              '(?:[0-9]{{1,2}}:[0-9]{{2}}(?::[0-9]{{2}}(?:\\.[0-9]+)?)?)?')
        then c[1:4] || '-' || lpad(regexp_extract(c, '^[0-9]{{4}}[-/.年]([0-9]{{1,2}})', 1), 2, '0')
    when regexp_full_match(c, '[0-9]{{6}}') then c[1:4] || '-' || c[5:6]
    when regexp_full_match(lower(c), '(?:令和|r)(?:[0-9]{{1,2}}|元)[年./-][0-9]{{1,2}}月?')
        then era(c) || '-' || lpad(regexp_extract(c, '([0-9]{{1,2}})月?$', 1), 2, '0') end;
"""

_BOOLEANS = ", ".join(f"({_text(word)}, {_text(code)})" for words, code in ((BOOLEAN_TRUE, "true"),
                                                                          (BOOLEAN_FALSE, "false")) for word in words)
_VOCAB = " union all ".join(f"select '{kind}' as kind, code, label_ja as label, cast(sort_order as int) as pos "
                            f"from {_seed(seed)}" for kind, seed in VOCABULARIES)
TABLES = f"""
create or replace temp table vocab as {_VOCAB};
create or replace temp table spelling as
with aliases as (
    select kind, code, pos, compact(code) as alias from vocab
    union all select kind, code, pos, compact(label) from vocab
    union all select kind, code, pos, regexp_replace(compact(label), '\\([^)]*\\)', '', 'g') from vocab
    union all select kind, code, pos, replace(replace(compact(label), '(', ''), ')', '') from vocab
    union all select kind, code, pos, replace(compact(label), 'サービス', '') from vocab  -- 訪問型A
        where kind = 'service_category' and (label like '訪問型%' or label like '通所型%')
    union all select kind, code, pos, compact(split_part(label, ' ', 2)) from vocab where kind = 'model_type'
    union all select kind, code, pos, compact(code || label) from vocab where kind = 'stage'  -- 3設置
    union all select 'boolean', code, 0, compact(word) from (values {_BOOLEANS}) as b(word, code)
)
select distinct kind, canon(kind, alias) as spelling, code, pos from aliases where alias <> '';
create or replace temp table municipality as
select municipality_code as code, prefecture_code from {_seed('municipalities')};
create or replace temp table prefecture_spelling as
select distinct spelling, prefecture_code as code from {_seed('prefectures')},
    unnest([prefecture_code, lg_code, prefecture_name, regexp_replace(prefecture_name, '[都府県]$', ''),
            lower(prefecture_name_en)]) as s(spelling);
"""


def setup(con) -> None:
    con.execute(MACROS + TABLES)


def _lookup(key: str, kind: str) -> tuple[str, str]:
    """(CTE computing `v` from each distinct cell `raw` of column `key`, its join condition)."""
    c = "compact(stripped(raw))"
    scalar = {"count": f"as_count({c})", "satisfaction": f"cast(as_count({c}) as int)", "month": f"as_month({c})",
              "corporate_number": f"nullif(replace({c}, '-', ''), '')"}  # blank corporate number → null
    if kind == "municipality_code":  # Excel-dropped leading zero first, then the check digit (SPEC §3.1)
        cte = f"""select submitting, raw, case when length(d) = 5 then coalesce(m.code, d || check_digit(d)) else d end
                as v from (select submitting, raw, case when length(c) < 5 then lpad(c, 5, '0') else c end as d
                from (select submitting, raw, {c} as c from (select distinct submitting, "{key}" as raw from s)))
            left join municipality as m on length(d) = 5 and m.code = '0' || d and m.prefecture_code = submitting"""
        return cte, f'l_{key}.raw = s."{key}" and l_{key}.submitting = s.submitting'
    if kind == "domain_list":  # split on 、 , ; ； / newline (after NFKC); codes deduped, in vocabulary order
        cte = f"""select raw, list(code order by pos) as v from (
            select distinct raw, p.code, p.pos from (
                select raw, unnest(regexp_split_to_array(nk(stripped(raw)), '[、,;/\\r\\n]')) as item
                from (select distinct "{key}" as raw from s))  -- blank: no item, no row → []
            join spelling as p on p.kind = 'domain' and p.spelling = lower(compact(item))) group by raw"""
    elif kind == "prefecture_code":
        cte = f"""select raw, p.code as v from (select raw, {c} as c from (select distinct "{key}" as raw from s))
            join prefecture_spelling as p  -- 13, 1, 130001, 東京都, 東京
              on p.spelling = if(regexp_full_match(c, '[0-9]{{1,2}}'), lpad(c, 2, '0'), lower(c))"""
    elif kind in scalar:
        cte = f'select raw, {scalar[kind]} as v from (select distinct "{key}" as raw from s)'
    else:  # boolean and the vocabularies: a code or label (SPEC §3.6)
        cte = f"""select raw, p.code as v from (select distinct "{key}" as raw from s)
            join spelling as p on p.kind = '{kind}' and p.spelling = canon('{kind}', {c})"""
    return cte, f'l_{key}.raw = s."{key}"'


CASTS = {"boolean": "boolean", "stage": "int"}


PERIOD = """l_period as (select *, 'FY' || fiscal_year || 'Q' || quarter as period from (
    select y, q, as_year(compact(stripped(y))) as fiscal_year, as_quarter(compact(stripped(q))) as quarter
    from (select distinct fiscal_year as y, quarter as q from s)))"""


def normalize(form: str) -> str:
    """One statement: raw.<form> with the pipeline's columns and types, from stage_<form>."""
    columns = {column.key: column.kind for column in FORMS[form].columns}
    ctes, joins = [PERIOD], ["left join l_period on l_period.y = s.fiscal_year and l_period.q = s.quarter"]
    values = {key: f"l_period.{key}" for key in ("fiscal_year", "quarter", "period")}
    for key, kind in columns.items():
        if kind == "text":
            values[key] = f'stripped(s."{key}")'
        elif key not in values:
            cte, condition = _lookup(key, kind)
            ctes.append(f"l_{key} as ({cte})")
            joins.append(f"left join l_{key} on {condition}")
            values[key] = f"cast(l_{key}.v as {CASTS[kind]})" if kind in CASTS else f"l_{key}.v"
            if kind == "domain_list":  # blank = none
                values[key] = f"coalesce(l_{key}.v, [])"
    values.setdefault("prefecture_code", "s.submitting")
    values["source_row"] = "s.source_row"
    values["actor_name_normalized"] = "compact(stripped(s.actor_name))"
    blank = " and ".join(f'stripped("{key}") is null' for key in columns)
    select = ",\n    ".join(f'{values[name]} as "{name}"' for name in NORMALIZED_SCHEMAS[form])
    separator = ",\n"
    return f"""create or replace table raw.{form} as
with s as (select * from stage_{form} where not ({blank})),
{separator.join(ctes)}
select s.submission_id,
    {select}
from s
{chr(10).join(joins)}"""
