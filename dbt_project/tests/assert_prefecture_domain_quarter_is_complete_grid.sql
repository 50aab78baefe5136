-- mart_prefecture_domain_quarter: 47 prefectures × 23 domains for every monitored period.

with

domain_rows as (

    select period, count(*) as row_count

    from {{ ref('mart_prefecture_domain_quarter') }}

    group by period

)

select periods.period, domain_rows.row_count

from {{ ref('int_periods') }} as periods

left join domain_rows
    on domain_rows.period = periods.period

where coalesce(domain_rows.row_count, 0) <> 47 * 23
