-- One row per engagement (monitored periods) and domain it covers: the supply side of the domain views.

with

engagements as (

    select * from {{ ref('stg_raw__actor_engagements') }}

),

periods as (

    select * from {{ ref('int_periods') }}

),

unnested as (

    select
        engagements.submission_id,
        engagements.source_row,
        engagements.municipality_code,
        engagements.prefecture_code,
        engagements.fiscal_year,
        engagements.quarter,
        engagements.period,
        engagements.actor_key,
        unnest(list_distinct(engagements.domain_codes)) as domain_code

    from engagements

    inner join periods
        on periods.fiscal_year = engagements.fiscal_year
        and periods.quarter = engagements.quarter

),

final as (

    select
        cast(submission_id as varchar) as submission_id,
        cast(source_row as integer) as source_row,
        cast(municipality_code as varchar) as municipality_code,
        cast(prefecture_code as varchar) as prefecture_code,
        cast(fiscal_year as integer) as fiscal_year,
        cast(quarter as integer) as quarter,
        cast(period as varchar) as period,
        cast(actor_key as varchar) as actor_key,
        cast(domain_code as varchar) as domain_code

    from unnested

)

select * from final
