-- Every prefecture × monitored period × the 11 actor types: the actor-type composition of the effective
-- actor roster (SPEC §3.3, §3.6, §4.3). All three counts are NULL when no actor_roster was submitted for
-- the period, and 0 for a type the submitted roster does not contain.

with

prefectures as (

    select * from {{ ref('dim_prefecture') }}

),

periods as (

    select * from {{ ref('int_periods') }}

),

actor_types as (

    select * from {{ ref('actor_types') }}

),

form_submissions as (

    select * from {{ ref('int_form_submissions') }}

    where form = 'actor_roster'

),

engagements as (

    select * from {{ ref('stg_raw__actor_engagements') }}

),

type_counts as (

    select
        prefecture_code,
        fiscal_year,
        quarter,
        actor_type,
        count(*) as engagements,
        -- actor key as in SPEC §4.3: corporate number when given, else municipality code ':' normalized name
        count(distinct actor_key) as actors,
        count(distinct municipality_code) as municipalities_with_type

    from engagements

    group by prefecture_code, fiscal_year, quarter, actor_type

),

grid as (

    select
        prefectures.prefecture_code,
        periods.fiscal_year,
        periods.quarter,
        periods.period,
        actor_types.code as actor_type

    from prefectures

    cross join periods

    cross join actor_types

),

joined as (

    select
        grid.*,
        roster_submission.form is not null as actor_roster_submitted,
        type_counts.engagements,
        type_counts.actors,
        type_counts.municipalities_with_type

    from grid

    left join form_submissions as roster_submission
        on roster_submission.prefecture_code = grid.prefecture_code
        and roster_submission.fiscal_year = grid.fiscal_year
        and roster_submission.quarter = grid.quarter

    left join type_counts
        on type_counts.prefecture_code = grid.prefecture_code
        and type_counts.fiscal_year = grid.fiscal_year
        and type_counts.quarter = grid.quarter
        and type_counts.actor_type = grid.actor_type

),

final as (

    select
        cast(prefecture_code as varchar) as prefecture_code,
        cast(fiscal_year as integer) as fiscal_year,
        cast(quarter as integer) as quarter,
        cast(period as varchar) as period,
        cast(actor_type as varchar) as actor_type,
        cast(case when actor_roster_submitted then coalesce(engagements, 0) end as bigint) as engagements,
        cast(case when actor_roster_submitted then coalesce(actors, 0) end as bigint) as actors,
        cast(case when actor_roster_submitted then coalesce(municipalities_with_type, 0) end as bigint)
            as municipalities_with_type

    from joined

)

select * from final
