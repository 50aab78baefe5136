-- Platform stage of every prefecture and monitored period against its target stage.
-- The stage is carried forward from the latest earlier report; the platform_* counts are not.

with

target_stages as (

    select * from {{ ref('int_target_stages') }}

),

platform_submissions as (

    select * from {{ ref('int_form_submissions') }}

    where form = 'platform_status'

),

platform_statuses as (

    select
        *,
        {{ quarter_ordinal('fiscal_year', 'quarter') }} as quarter_ordinal

    from {{ ref('stg_raw__platform_statuses') }}

),

target_periods as (

    select
        *,
        {{ quarter_ordinal('fiscal_year', 'quarter') }} as quarter_ordinal

    from target_stages

),

latest_reported_stages as (

    select
        target_periods.prefecture_code,
        target_periods.fiscal_year,
        target_periods.quarter,
        latest_report.stage as platform_stage

    from target_periods

    asof left join platform_statuses as latest_report
        on latest_report.prefecture_code = target_periods.prefecture_code
        and latest_report.quarter_ordinal <= target_periods.quarter_ordinal

),

stages as (

    select
        target_periods.prefecture_code,
        target_periods.fiscal_year,
        target_periods.quarter,
        target_periods.period,
        target_periods.period_index,
        target_periods.target_stage,
        latest_reported_stages.platform_stage,
        platform_submissions.form is not null as platform_stage_reported,
        latest_reported_stages.platform_stage - target_periods.target_stage as stage_gap,
        this_period_report.member_orgs,
        this_period_report.events,
        this_period_report.matches,
        this_period_report.fund_used_kyen

    from target_periods

    inner join latest_reported_stages
        on latest_reported_stages.prefecture_code = target_periods.prefecture_code
        and latest_reported_stages.fiscal_year = target_periods.fiscal_year
        and latest_reported_stages.quarter = target_periods.quarter

    left join platform_submissions
        on platform_submissions.prefecture_code = target_periods.prefecture_code
        and platform_submissions.fiscal_year = target_periods.fiscal_year
        and platform_submissions.quarter = target_periods.quarter

    left join platform_statuses as this_period_report
        on this_period_report.prefecture_code = target_periods.prefecture_code
        and this_period_report.fiscal_year = target_periods.fiscal_year
        and this_period_report.quarter = target_periods.quarter

),

periods_above_stage as (

    -- schedule periods from FY2025Q1 up to this one whose target is above this row's stage
    select
        stages.prefecture_code,
        stages.fiscal_year,
        stages.quarter,
        count(*) filter (where schedule.target_stage > stages.platform_stage) as periods_above_stage

    from stages

    inner join target_stages as schedule
        on schedule.prefecture_code = stages.prefecture_code
        and schedule.period_index <= stages.period_index

    group by stages.prefecture_code, stages.fiscal_year, stages.quarter

),

final as (

    select
        cast(stages.prefecture_code as varchar) as prefecture_code,
        cast(stages.fiscal_year as integer) as fiscal_year,
        cast(stages.quarter as integer) as quarter,
        cast(stages.period as varchar) as period,
        cast(stages.platform_stage as integer) as platform_stage,
        cast(stages.platform_stage_reported as boolean) as platform_stage_reported,
        cast(stages.target_stage as integer) as target_stage,
        cast(stages.stage_gap as integer) as stage_gap,
        cast(
            case
                when stages.platform_stage is null then 'no_data'
                when stages.stage_gap > 0 then 'ahead'
                when stages.stage_gap = 0 then 'on_track'
                else 'behind'
            end as varchar
        ) as schedule_status,
        cast(
            case
                when stages.platform_stage is null then null
                when stages.stage_gap < 0 then periods_above_stage.periods_above_stage
                else 0
            end as integer
        ) as quarters_behind,
        cast(stages.member_orgs as bigint) as platform_member_orgs,
        cast(stages.events as bigint) as platform_events,
        cast(stages.matches as bigint) as platform_matches,
        cast(stages.fund_used_kyen as bigint) as platform_fund_used_kyen

    from stages

    inner join periods_above_stage
        on periods_above_stage.prefecture_code = stages.prefecture_code
        and periods_above_stage.fiscal_year = stages.fiscal_year
        and periods_above_stage.quarter = stages.quarter

)

select * from final
