{#- Fails on every monitored period whose row count is not 47 prefectures × one row per category, the
    categories being the rows of `categories` (a seed such as domains or actor_types). -#}
{% test complete_prefecture_grid(model, categories) %}

with

period_rows as (

    select period, count(*) as row_count

    from {{ model }}

    group by period

)

select periods.period, period_rows.row_count

from {{ ref('int_periods') }} as periods

left join period_rows
    on period_rows.period = periods.period

where coalesce(period_rows.row_count, 0) <> 47 * (select count(*) from {{ categories }})

{% endtest %}
