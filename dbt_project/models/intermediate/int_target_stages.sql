-- Target platform stage of every prefecture and period: the default schedule unless overridden.

with

prefectures as (

    select * from {{ ref('prefectures') }}

),

periods as (

    select * from {{ ref('int_periods') }}

),

overrides as (

    select * from {{ ref('rollout_schedule_overrides') }}

),

final as (

    select
        cast(prefectures.prefecture_code as varchar) as prefecture_code,
        cast(periods.fiscal_year as integer) as fiscal_year,
        cast(periods.quarter as integer) as quarter,
        cast(periods.period as varchar) as period,
        cast(periods.period_index as integer) as period_index,
        cast(periods.default_target_stage as integer) as default_target_stage,
        cast(coalesce(overrides.target_stage, periods.default_target_stage) as integer) as target_stage,
        cast(overrides.target_stage is not null as boolean) as is_overridden

    from prefectures

    cross join periods

    left join overrides
        on overrides.prefecture_code = prefectures.prefecture_code
        and overrides.fiscal_year = periods.fiscal_year
        and overrides.quarter = periods.quarter

)

select * from final
