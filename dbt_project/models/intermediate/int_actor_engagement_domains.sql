-- One row per engagement (monitored periods) and domain it covers: the supply side of the domain views.

with

engagements as (

    select * from {{ ref('stg_raw__actor_engagements') }}

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

    -- Monitored periods without joining int_periods: every row belongs to an effective (accepted)
    -- submission, so its period is never after int_periods' last period and only the FY2025Q1 lower
    -- bound can exclude anything. Not depending on the submission register keeps this model (and its
    -- tests) out of a refresh in which only another form changed.
    where {{ quarter_ordinal('engagements.fiscal_year', 'engagements.quarter') }} >= {{ quarter_ordinal(2025, 1) }}

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
