-- One row per monitored period for the whole country (SPEC §4.4): Σ/Σ indicators over all
-- municipalities (not averages of prefecture rates) and counts of prefectures.
-- Denominators that are constants use the whole master (1,741 municipalities); a form that no
-- prefecture submitted for the period leaves its counts and ratios NULL, like a prefecture row.

with

periods as (

    select * from {{ ref('int_periods') }}

),

municipalities as (

    select * from {{ ref('dim_municipality') }}

),

form_submissions as (

    select * from {{ ref('int_form_submissions') }}

),

national_indicators as (

    select * from {{ ref('int_area_quarter_indicators') }}

    where aggregation_level = 'national'

),

platform_stages as (

    select * from {{ ref('int_platform_stages') }}

),

municipality_count as (

    select count(*) as municipalities_total from municipalities

),

submissions_per_period as (

    select
        fiscal_year,
        quarter,
        count(*) filter (where form = 'municipal_report') as prefectures_reporting,
        count(*) filter (where form = 'municipal_report' and is_on_time) as prefectures_on_time,
        count(*) filter (where form = 'actor_roster') as prefectures_with_roster

    from form_submissions

    group by fiscal_year, quarter

),

platform_per_period as (

    select
        fiscal_year,
        quarter,
        count(*) filter (where platform_stage = 0) as prefectures_stage_0,
        count(*) filter (where platform_stage = 1) as prefectures_stage_1,
        count(*) filter (where platform_stage = 2) as prefectures_stage_2,
        count(*) filter (where platform_stage = 3) as prefectures_stage_3,
        count(*) filter (where platform_stage = 4) as prefectures_stage_4,
        count(*) filter (where schedule_status in ('on_track', 'ahead')) as prefectures_on_track_or_ahead,
        sum(platform_member_orgs) as platform_member_orgs,
        sum(platform_events) as platform_events,
        sum(platform_matches) as platform_matches,
        sum(platform_fund_used_kyen) as platform_fund_used_kyen

    from platform_stages

    group by fiscal_year, quarter

),

joined as (

    select
        periods.fiscal_year,
        periods.quarter,
        periods.period,
        periods.default_target_stage as target_stage,
        municipality_count.municipalities_total,
        coalesce(submissions_per_period.prefectures_reporting, 0) as prefectures_reporting,
        coalesce(submissions_per_period.prefectures_on_time, 0) as prefectures_on_time,
        coalesce(submissions_per_period.prefectures_with_roster, 0) as prefectures_with_roster,
        national_indicators.* exclude (aggregation_level, area_code, fiscal_year, quarter, period),
        platform_per_period.prefectures_stage_0,
        platform_per_period.prefectures_stage_1,
        platform_per_period.prefectures_stage_2,
        platform_per_period.prefectures_stage_3,
        platform_per_period.prefectures_stage_4,
        platform_per_period.prefectures_on_track_or_ahead,
        platform_per_period.platform_member_orgs,
        platform_per_period.platform_events,
        platform_per_period.platform_matches,
        platform_per_period.platform_fund_used_kyen

    from periods

    cross join municipality_count

    left join submissions_per_period
        on submissions_per_period.fiscal_year = periods.fiscal_year
        and submissions_per_period.quarter = periods.quarter

    left join national_indicators
        on national_indicators.fiscal_year = periods.fiscal_year
        and national_indicators.quarter = periods.quarter

    inner join platform_per_period
        on platform_per_period.fiscal_year = periods.fiscal_year
        and platform_per_period.quarter = periods.quarter

),

-- like a prefecture row: counts are NULL when no prefecture submitted the form, else Σ (0 if no rows)
with_submission_rules as (

    select
        * replace (
            {{ submission_rule_replacements(
                roster_submitted='prefectures_with_roster > 0', report_submitted='prefectures_reporting > 0') }}
        )

    from joined

),

final as (

    select
        cast(fiscal_year as integer) as fiscal_year,
        cast(quarter as integer) as quarter,
        cast(period as varchar) as period,
        cast(municipalities_total as integer) as municipalities_total,
        cast(prefectures_reporting as integer) as prefectures_reporting,
        cast(prefectures_on_time as integer) as prefectures_on_time,
        {{ area_quarter_indicator_columns() }},
        cast(prefectures_stage_0 as integer) as prefectures_stage_0,
        cast(prefectures_stage_1 as integer) as prefectures_stage_1,
        cast(prefectures_stage_2 as integer) as prefectures_stage_2,
        cast(prefectures_stage_3 as integer) as prefectures_stage_3,
        cast(prefectures_stage_4 as integer) as prefectures_stage_4,
        cast(prefectures_on_track_or_ahead as integer) as prefectures_on_track_or_ahead,
        cast(target_stage as integer) as target_stage,
        {{ platform_count_columns() }},
        {{ spend_columns() }}

    from with_submission_rules

)

select * from final
