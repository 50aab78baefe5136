-- Survey indicators at municipality, prefecture and national level from the per-municipality totals.

with

survey_totals as (

    select * from {{ ref('int_survey_municipality_quarter') }}

),

rolled_up as (

    select
        {{ aggregation_level() }} as aggregation_level,
        {{ area_code() }} as area_code,
        municipality_code,
        prefecture_code,
        fiscal_year,
        quarter,
        period,
        sum(respondents) as respondents,
        sum(participating_respondents) as participating_respondents,
        sum(satisfaction_answers) as satisfaction_answers,
        sum(satisfaction_total) as satisfaction_total

    from survey_totals

    group by {{ grouping_sets_by_area() }}

),

final as (

    select
        cast(aggregation_level as varchar) as aggregation_level,
        cast(area_code as varchar) as area_code,
        cast(municipality_code as varchar) as municipality_code,
        cast(prefecture_code as varchar) as prefecture_code,
        cast(fiscal_year as integer) as fiscal_year,
        cast(quarter as integer) as quarter,
        cast(period as varchar) as period,
        cast(respondents as bigint) as survey_respondents,
        cast(participating_respondents / nullif(respondents, 0) as double) as survey_participation_rate,
        cast(satisfaction_total / nullif(satisfaction_answers, 0) as double) as survey_satisfaction_mean

    from rolled_up

)

select * from final
