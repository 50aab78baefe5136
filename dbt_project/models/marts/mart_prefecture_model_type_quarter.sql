-- Every prefecture × monitored period × the guide's 4 model types (SPEC §3.6, §4.4): service-A engagements
-- (service_category home_a or day_a) of the effective actor roster by model type. Both counts are NULL when
-- no actor_roster was submitted for the period, and 0 for a type the submitted roster does not contain.

with

prefectures as (

    select * from {{ ref('dim_prefecture') }}

),

periods as (

    select * from {{ ref('int_periods') }}

),

model_types as (

    select * from {{ ref('model_types') }}

),

roster_submissions as (

    select * from {{ ref('int_form_submissions') }}

    where form = 'actor_roster'

),

service_a_engagements as (

    select * from {{ ref('stg_raw__actor_engagements') }}

    where service_category in ('home_a', 'day_a')

),

model_counts as (

    select
        prefecture_code,
        fiscal_year,
        quarter,
        model_type,
        count(*) as engagements,
        count(distinct municipality_code) as municipalities_with_model

    from service_a_engagements

    group by prefecture_code, fiscal_year, quarter, model_type

),

grid as (

    select
        prefectures.prefecture_code,
        periods.fiscal_year,
        periods.quarter,
        periods.period,
        model_types.code as model_type

    from prefectures

    cross join periods

    cross join model_types

),

joined as (

    select
        grid.*,
        roster_submissions.form is not null as actor_roster_submitted,
        model_counts.engagements,
        model_counts.municipalities_with_model

    from grid

    left join roster_submissions
        on roster_submissions.prefecture_code = grid.prefecture_code
        and roster_submissions.fiscal_year = grid.fiscal_year
        and roster_submissions.quarter = grid.quarter

    left join model_counts
        on model_counts.prefecture_code = grid.prefecture_code
        and model_counts.fiscal_year = grid.fiscal_year
        and model_counts.quarter = grid.quarter
        and model_counts.model_type = grid.model_type

),

final as (

    select
        cast(prefecture_code as varchar) as prefecture_code,
        cast(fiscal_year as integer) as fiscal_year,
        cast(quarter as integer) as quarter,
        cast(period as varchar) as period,
        cast(model_type as varchar) as model_type,
        cast(case when actor_roster_submitted then coalesce(engagements, 0) end as bigint) as engagements,
        cast(case when actor_roster_submitted then coalesce(municipalities_with_model, 0) end as bigint)
            as municipalities_with_model

    from joined

)

select * from final
