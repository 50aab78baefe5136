-- The survey reduced once to one row per municipality, monitored period and domain that any respondent
-- uses or wants (one pass over the raw rows).

with

survey_responses as (

    select * from {{ ref('stg_raw__survey_responses') }}

),

respondent_domains as (

    select
        survey_responses.municipality_code,
        survey_responses.prefecture_code,
        survey_responses.fiscal_year,
        survey_responses.quarter,
        survey_responses.period,
        survey_responses.used_domain_codes,
        survey_responses.wanted_domain_codes,
        unnest(list_distinct(list_concat(
            coalesce(survey_responses.used_domain_codes, []::varchar[]),
            coalesce(survey_responses.wanted_domain_codes, []::varchar[])
        ))) as domain_code

    from survey_responses

    -- Monitored periods without joining int_periods: every row belongs to an effective (accepted)
    -- submission, so its period is never after int_periods' last period and only the FY2025Q1 lower
    -- bound can exclude anything. Not depending on the submission register keeps this model (and its
    -- tests) out of a refresh in which only another form changed.
    where {{ quarter_ordinal('survey_responses.fiscal_year', 'survey_responses.quarter') }} >= {{ quarter_ordinal(2025, 1) }}

),

flagged as (

    select
        municipality_code,
        prefecture_code,
        fiscal_year,
        quarter,
        period,
        domain_code,
        coalesce(list_contains(wanted_domain_codes, domain_code), false) as wants,
        coalesce(list_contains(used_domain_codes, domain_code), false) as uses

    from respondent_domains

),

per_municipality_domain as (

    select
        municipality_code,
        prefecture_code,
        fiscal_year,
        quarter,
        period,
        domain_code,
        count(*) filter (where wants) as demand_respondents,
        count(*) filter (where uses) as used_respondents,
        count(*) filter (where wants and not uses) as unmet_respondents

    from flagged

    group by municipality_code, prefecture_code, fiscal_year, quarter, period, domain_code

),

final as (

    select
        cast(municipality_code as varchar) as municipality_code,
        cast(prefecture_code as varchar) as prefecture_code,
        cast(fiscal_year as integer) as fiscal_year,
        cast(quarter as integer) as quarter,
        cast(period as varchar) as period,
        cast(domain_code as varchar) as domain_code,
        cast(demand_respondents as bigint) as demand_respondents,
        cast(used_respondents as bigint) as used_respondents,
        cast(unmet_respondents as bigint) as unmet_respondents

    from per_municipality_domain

)

select * from final
