-- One row per prefecture and stage 1…4 (SPEC §4.4): when the schedule wants the stage, when the prefecture
-- reached it, and — at its own pace since its first platform_status, or else the median pace of the
-- prefectures that advanced — when it will reach it. Periods are counted in quarters (quarter_ordinal).

with

prefectures as (

    select * from {{ ref('dim_prefecture') }}

),

stages as (

    select unnest(range(1, 5)) as stage

),

rollout_schedule as (

    select * from {{ ref('rollout_schedule') }}

),

overrides as (

    select * from {{ ref('rollout_schedule_overrides') }}

),

platform_stages as (

    select
        *,
        {{ quarter_ordinal('fiscal_year', 'quarter') }} as quarter_ordinal

    from {{ ref('int_platform_stages') }}

),

schedule_horizon as (

    -- the schedule is searched from FY2025Q1 up to FY2030Q4
    select unnest(range({{ quarter_ordinal(2025, 1) }}, {{ quarter_ordinal(2030, 4) }} + 1)) as quarter_ordinal

),

horizon_targets as (

    select
        prefectures.prefecture_code,
        schedule_horizon.quarter_ordinal,
        -- SPEC §4.2: an override if any, else the default schedule, else 4 for later periods
        coalesce(overrides.target_stage, rollout_schedule.target_stage, 4) as target_stage

    from prefectures

    cross join schedule_horizon

    left join rollout_schedule
        on rollout_schedule.fiscal_year = schedule_horizon.quarter_ordinal // 4
        and rollout_schedule.quarter = schedule_horizon.quarter_ordinal % 4 + 1

    left join overrides
        on overrides.prefecture_code = prefectures.prefecture_code
        and overrides.fiscal_year = schedule_horizon.quarter_ordinal // 4
        and overrides.quarter = schedule_horizon.quarter_ordinal % 4 + 1

),

scheduled as (

    select
        horizon_targets.prefecture_code,
        stages.stage,
        min(horizon_targets.quarter_ordinal) as scheduled_ordinal

    from horizon_targets

    inner join stages
        on horizon_targets.target_stage >= stages.stage

    group by horizon_targets.prefecture_code, stages.stage

),

reached as (

    select
        platform_stages.prefecture_code,
        stages.stage,
        min(platform_stages.quarter_ordinal) as reached_ordinal

    from platform_stages

    inner join stages
        on platform_stages.platform_stage >= stages.stage

    group by platform_stages.prefecture_code, stages.stage

),

latest_period as (

    select max(quarter_ordinal) as latest_ordinal from platform_stages

),

first_reports as (

    -- F: the prefecture's first period with an accepted platform_status, and the stage reported then
    select
        prefecture_code,
        arg_min(platform_stage, quarter_ordinal) as first_stage,
        min(quarter_ordinal) as first_ordinal

    from platform_stages

    where platform_stage_reported

    group by prefecture_code

),

progress as (

    -- the pace as an exact fraction (quarters ÷ stages gained), so that ceil() never sees a rounding error
    select
        prefectures.prefecture_code,
        latest_period.latest_ordinal,
        current_stages.platform_stage as current_stage,
        case
            when current_stages.platform_stage - first_reports.first_stage >= 1
                then cast(latest_period.latest_ordinal - first_reports.first_ordinal as bigint)
        end as pace_quarters,
        case
            when current_stages.platform_stage - first_reports.first_stage >= 1
                then cast(current_stages.platform_stage - first_reports.first_stage as bigint)
        end as pace_stages

    from prefectures

    cross join latest_period

    left join platform_stages as current_stages
        on current_stages.prefecture_code = prefectures.prefecture_code
        and current_stages.quarter_ordinal = latest_period.latest_ordinal

    left join first_reports
        on first_reports.prefecture_code = prefectures.prefecture_code

),

ranked_paces as (

    select
        pace_quarters,
        pace_stages,
        row_number() over (order by cast(pace_quarters as double) / pace_stages) as position,
        count(*) over () as paces

    from progress

    where pace_quarters is not null

),

median_pace as (

    -- the middle pace, or the mean of the two middle ones, as a fraction: (a/b + c/d) / 2 = (ad + cb) / 2bd
    -- (with one middle pace a/b the same formula gives a/b); NULL when no prefecture advanced
    select
        first(pace_quarters order by position) * last(pace_stages order by position)
            + last(pace_quarters order by position) * first(pace_stages order by position) as pace_quarters,
        2 * first(pace_stages order by position) * last(pace_stages order by position) as pace_stages

    from ranked_paces

    where position in ((paces + 1) // 2, paces // 2 + 1)

),

paces as (

    select
        progress.prefecture_code,
        progress.latest_ordinal,
        progress.current_stage,
        coalesce(progress.pace_quarters, median_pace.pace_quarters) as pace_quarters,
        coalesce(progress.pace_stages, median_pace.pace_stages) as pace_stages

    from progress

    cross join median_pace

),

projected as (

    select
        paces.prefecture_code,
        stages.stage,
        reached.reached_ordinal,
        case
            when reached.reached_ordinal is null and paces.current_stage is not null
                -- latest + ceil((stage − current) × quarters ÷ stages), in integers
                then paces.latest_ordinal
                    + ((stages.stage - paces.current_stage) * paces.pace_quarters + paces.pace_stages - 1)
                    // paces.pace_stages
        end as projected_ordinal

    from paces

    cross join stages

    left join reached
        on reached.prefecture_code = paces.prefecture_code
        and reached.stage = stages.stage

),

final as (

    select
        cast(projected.prefecture_code as varchar) as prefecture_code,
        cast(projected.stage as integer) as stage,
        cast({{ period_of_ordinal('scheduled.scheduled_ordinal') }} as varchar) as scheduled_period,
        cast({{ period_of_ordinal('projected.reached_ordinal') }} as varchar) as reached_period,
        cast({{ period_of_ordinal('projected.projected_ordinal') }} as varchar) as projected_period,
        cast(coalesce(projected.reached_ordinal, projected.projected_ordinal) - scheduled.scheduled_ordinal as integer)
            as quarters_late

    from projected

    left join scheduled
        on scheduled.prefecture_code = projected.prefecture_code
        and scheduled.stage = projected.stage

)

select * from final
