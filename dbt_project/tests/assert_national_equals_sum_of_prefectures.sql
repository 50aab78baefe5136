-- mart_national_quarter: every additive column equals the sum over the 47 prefecture rows
-- (NULL when all prefecture values are NULL). actors and actor_types_present are distinct counts
-- and intentionally not additive.

{%- set additive_columns = [
    'municipalities_total', 'municipalities_reported', 'town_meetings', 'projects_started',
    'pilots_running', 'engagements', 'service_a_engagements', 'survey_respondents',
    'platform_member_orgs', 'platform_events', 'platform_matches', 'platform_fund_used_kyen',
    'standard_amount_kyen', 'spend_fy_to_date_kyen',
] %}

with

prefecture_sums as (

    select
        period,
        {%- for column in additive_columns %}
        sum({{ column }}) as {{ column }},
        {%- endfor %}
        count(*) filter (where municipal_report_submitted) as prefectures_reporting,
        count(*) filter (where municipal_report_on_time) as prefectures_on_time,
        {%- for stage in range(5) %}
        count(*) filter (where platform_stage = {{ stage }}) as prefectures_stage_{{ stage }},
        {%- endfor %}
        count(*) filter (where schedule_status in ('on_track', 'ahead')) as prefectures_on_track_or_ahead

    from {{ ref('mart_prefecture_quarter') }}

    group by period

),

national as (

    select * from {{ ref('mart_national_quarter') }}

)

{%- set compared_columns = additive_columns + [
    'prefectures_reporting', 'prefectures_on_time', 'prefectures_stage_0', 'prefectures_stage_1',
    'prefectures_stage_2', 'prefectures_stage_3', 'prefectures_stage_4',
    'prefectures_on_track_or_ahead',
] %}

select national.period, prefecture_sums.period as prefecture_period

from national

full outer join prefecture_sums
    on prefecture_sums.period = national.period

where national.period is null
    or prefecture_sums.period is null
    {%- for column in compared_columns %}
    or national.{{ column }} is distinct from prefecture_sums.{{ column }}
    {%- endfor %}
