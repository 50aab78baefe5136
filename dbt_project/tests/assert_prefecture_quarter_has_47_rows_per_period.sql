-- mart_prefecture_quarter: every monitored period has exactly one row for each of the 47 prefectures.

with

periods as (

    select * from {{ ref('int_periods') }}

),

prefecture_rows as (

    select period, count(distinct prefecture_code) as prefectures, count(*) as row_count

    from {{ ref('mart_prefecture_quarter') }}

    group by period

)

select periods.period, prefecture_rows.prefectures, prefecture_rows.row_count

from periods

full outer join prefecture_rows
    on prefecture_rows.period = periods.period

where periods.period is null
    or prefecture_rows.period is null
    or prefecture_rows.prefectures <> 47
    or prefecture_rows.row_count <> 47
