-- mart_prefecture_actor_type_quarter: 47 prefectures × every actor type of the seed for every monitored period.

with

type_rows as (

    select period, count(*) as row_count

    from {{ ref('mart_prefecture_actor_type_quarter') }}

    group by period

)

select periods.period, type_rows.row_count

from {{ ref('int_periods') }} as periods

left join type_rows
    on type_rows.period = periods.period

where coalesce(type_rows.row_count, 0) <> 47 * (select count(*) from {{ ref('actor_types') }})
