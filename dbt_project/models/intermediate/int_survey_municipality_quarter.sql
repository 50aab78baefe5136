-- The survey (up to millions of rows) reduced once to one row per municipality and monitored period.

with

survey_responses as (

    select * from {{ ref('stg_raw__survey_responses') }}

),

monitored_responses as (

    select survey_responses.*

    from survey_responses

    -- Monitored periods without joining int_periods: every row belongs to an effective (accepted)
    -- submission, so its period is never after int_periods' last period and only the FY2025Q1 lower
    -- bound can exclude anything. Not depending on the submission register keeps this model (and its
    -- tests) out of a refresh in which only another form changed.
    where {{ quarter_ordinal('survey_responses.fiscal_year', 'survey_responses.quarter') }} >= {{ quarter_ordinal(2025, 1) }}

),

per_municipality as (

    select
        municipality_code,
        prefecture_code,
        fiscal_year,
        quarter,
        period,
        count(*) as respondents,
        count(*) filter (where participates) as participating_respondents,
        count(satisfaction) as satisfaction_answers,
        sum(satisfaction) as satisfaction_total

    from monitored_responses

    group by municipality_code, prefecture_code, fiscal_year, quarter, period

),

final as (

    select
        cast(municipality_code as varchar) as municipality_code,
        cast(prefecture_code as varchar) as prefecture_code,
        cast(fiscal_year as integer) as fiscal_year,
        cast(quarter as integer) as quarter,
        cast(period as varchar) as period,
        cast(respondents as bigint) as respondents,
        cast(participating_respondents as bigint) as participating_respondents,
        cast(satisfaction_answers as bigint) as satisfaction_answers,
        cast(satisfaction_total as bigint) as satisfaction_total

    from per_municipality

)

select * from final
