-- Monitored periods (SPEC §2): FY2025Q1 up to the latest period of any accepted submission.

with

submissions as (

    select * from {{ ref('stg_raw__submissions') }}

),

rollout_schedule as (

    select * from {{ ref('rollout_schedule') }}

),

latest_accepted_period as (

    select max({{ quarter_ordinal('fiscal_year', 'quarter') }}) as latest_ordinal

    from submissions

    where is_accepted
        and fiscal_year is not null
        and quarter is not null
        and fiscal_year >= 2025

),

period_ordinals as (

    select unnest(
        range({{ quarter_ordinal(2025, 1) }}, coalesce(latest_ordinal + 1, {{ quarter_ordinal(2025, 1) }}))
    ) as quarter_ordinal

    from latest_accepted_period

),

periods as (

    select
        quarter_ordinal,
        quarter_ordinal // 4 as fiscal_year,
        quarter_ordinal % 4 + 1 as quarter,
        quarter_ordinal - {{ quarter_ordinal(2025, 1) }} as period_index

    from period_ordinals

),

final as (

    select
        cast('FY' || periods.fiscal_year || 'Q' || periods.quarter as varchar) as period,
        cast(periods.fiscal_year as integer) as fiscal_year,
        cast(periods.quarter as integer) as quarter,
        cast(periods.period_index as integer) as period_index,
        cast(periods.quarter_ordinal as integer) as quarter_ordinal,
        -- SPEC §4.2: periods after the last row of the schedule seed have target stage 4
        cast(coalesce(rollout_schedule.target_stage, 4) as integer) as default_target_stage

    from periods

    left join rollout_schedule
        on rollout_schedule.fiscal_year = periods.fiscal_year
        and rollout_schedule.quarter = periods.quarter

)

select * from final
