-- mart_municipality_quarter: additive municipal-report, roster and survey counts of the municipalities
-- add up to their prefecture's row (municipalities without any data have no row and contribute 0).

{%- set additive_columns = [
    'municipalities_reported', 'town_meetings', 'projects_started', 'pilots_running',
    'engagements', 'service_a_engagements', 'survey_respondents', 'standard_amount_kyen',
] %}

with

municipality_sums as (

    select
        prefecture_code,
        period,
        {%- for column in additive_columns %}
        sum({{ column }}) as {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}

    from {{ ref('mart_municipality_quarter') }}

    group by prefecture_code, period

),

prefectures as (

    select * from {{ ref('mart_prefecture_quarter') }}

)

select prefectures.prefecture_code, prefectures.period

from prefectures

inner join municipality_sums
    on municipality_sums.prefecture_code = prefectures.prefecture_code
    and municipality_sums.period = prefectures.period

where false
    {%- for column in additive_columns %}
    or coalesce(municipality_sums.{{ column }}, 0) <> coalesce(prefectures.{{ column }}, 0)
    {%- endfor %}
