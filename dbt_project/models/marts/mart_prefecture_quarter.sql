-- One row per prefecture (all 47) and monitored period (SPEC §4.3).
-- A form not submitted for the period leaves its counts and ratios NULL.

with

prefectures as (

    select * from {{ ref('dim_prefecture') }}

),

periods as (

    select * from {{ ref('int_periods') }}

),

form_submissions as (

    select * from {{ ref('int_form_submissions') }}

),

prefecture_indicators as (

    select * from {{ ref('int_area_quarter_indicators') }}

    where aggregation_level = 'prefecture'

),

platform_stages as (

    select * from {{ ref('int_platform_stages') }}

),

prefecture_periods as (

    select
        prefectures.prefecture_code,
        prefectures.municipalities_total,
        periods.fiscal_year,
        periods.quarter,
        periods.period

    from prefectures

    cross join periods

),

joined as (

    select
        prefecture_periods.*,
        report_submission.form is not null as municipal_report_submitted,
        report_submission.is_on_time as municipal_report_on_time,
        roster_submission.form is not null as actor_roster_submitted,
        prefecture_indicators.* exclude (aggregation_level, area_code, fiscal_year, quarter, period),
        platform_stages.platform_stage,
        platform_stages.platform_stage_reported,
        platform_stages.target_stage,
        platform_stages.stage_gap,
        platform_stages.schedule_status,
        platform_stages.quarters_behind,
        platform_stages.platform_member_orgs,
        platform_stages.platform_events,
        platform_stages.platform_matches,
        platform_stages.platform_fund_used_kyen

    from prefecture_periods

    left join form_submissions as report_submission
        on report_submission.prefecture_code = prefecture_periods.prefecture_code
        and report_submission.fiscal_year = prefecture_periods.fiscal_year
        and report_submission.quarter = prefecture_periods.quarter
        and report_submission.form = 'municipal_report'

    left join form_submissions as roster_submission
        on roster_submission.prefecture_code = prefecture_periods.prefecture_code
        and roster_submission.fiscal_year = prefecture_periods.fiscal_year
        and roster_submission.quarter = prefecture_periods.quarter
        and roster_submission.form = 'actor_roster'

    left join prefecture_indicators
        on prefecture_indicators.area_code = prefecture_periods.prefecture_code
        and prefecture_indicators.fiscal_year = prefecture_periods.fiscal_year
        and prefecture_indicators.quarter = prefecture_periods.quarter

    inner join platform_stages
        on platform_stages.prefecture_code = prefecture_periods.prefecture_code
        and platform_stages.fiscal_year = prefecture_periods.fiscal_year
        and platform_stages.quarter = prefecture_periods.quarter

),

with_submission_rules as (

    select
        * replace (
            {{ submission_rule_replacements(
                roster_submitted='actor_roster_submitted', report_submitted='municipal_report_submitted') }}
        )

    from joined

),

final as (

    select
        cast(prefecture_code as varchar) as prefecture_code,
        cast(fiscal_year as integer) as fiscal_year,
        cast(quarter as integer) as quarter,
        cast(period as varchar) as period,
        cast(municipalities_total as integer) as municipalities_total,
        cast(municipal_report_submitted as boolean) as municipal_report_submitted,
        cast(municipal_report_on_time as boolean) as municipal_report_on_time,
        {{ area_quarter_indicator_columns() }},
        cast(platform_stage as integer) as platform_stage,
        cast(platform_stage_reported as boolean) as platform_stage_reported,
        cast(target_stage as integer) as target_stage,
        cast(stage_gap as integer) as stage_gap,
        cast(schedule_status as varchar) as schedule_status,
        cast(quarters_behind as integer) as quarters_behind,
        {{ platform_count_columns() }},
        {{ spend_columns() }}

    from with_submission_rules

)

select * from final
