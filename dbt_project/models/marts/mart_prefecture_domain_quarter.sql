-- Every prefecture × monitored period × the 23 domains (SPEC §4.4): supply of the actor roster
-- against demand of the survey.

with

prefectures as (

    select * from {{ ref('dim_prefecture') }}

),

periods as (

    select * from {{ ref('int_periods') }}

),

domains as (

    select * from {{ ref('domains') }}

),

form_submissions as (

    select * from {{ ref('int_form_submissions') }}

),

engagement_domains as (

    select * from {{ ref('int_actor_engagement_domains') }}

),

survey_domains as (

    select * from {{ ref('int_survey_municipality_domain_quarter') }}

),

survey_indicators as (

    select * from {{ ref('int_survey_indicators') }}

    where aggregation_level = 'prefecture'

),

supply as (

    select
        prefecture_code,
        fiscal_year,
        quarter,
        domain_code,
        count(*) as supply_engagements,
        count(distinct actor_key) as supply_actors

    from engagement_domains

    group by prefecture_code, fiscal_year, quarter, domain_code

),

demand as (

    select
        prefecture_code,
        fiscal_year,
        quarter,
        domain_code,
        sum(demand_respondents) as demand_respondents,
        sum(used_respondents) as used_respondents,
        sum(unmet_respondents) as unmet_respondents

    from survey_domains

    group by prefecture_code, fiscal_year, quarter, domain_code

),

grid as (

    select
        prefectures.prefecture_code,
        periods.fiscal_year,
        periods.quarter,
        periods.period,
        domains.code as domain_code

    from prefectures

    cross join periods

    cross join domains

),

joined as (

    select
        grid.*,
        roster_submission.form is not null as actor_roster_submitted,
        survey_submission.form is not null as survey_submitted,
        survey_indicators.survey_respondents,
        supply.supply_engagements,
        supply.supply_actors,
        demand.demand_respondents,
        demand.used_respondents,
        demand.unmet_respondents

    from grid

    left join form_submissions as roster_submission
        on roster_submission.prefecture_code = grid.prefecture_code
        and roster_submission.fiscal_year = grid.fiscal_year
        and roster_submission.quarter = grid.quarter
        and roster_submission.form = 'actor_roster'

    left join form_submissions as survey_submission
        on survey_submission.prefecture_code = grid.prefecture_code
        and survey_submission.fiscal_year = grid.fiscal_year
        and survey_submission.quarter = grid.quarter
        and survey_submission.form = 'survey_responses'

    left join survey_indicators
        on survey_indicators.prefecture_code = grid.prefecture_code
        and survey_indicators.fiscal_year = grid.fiscal_year
        and survey_indicators.quarter = grid.quarter

    left join supply
        on supply.prefecture_code = grid.prefecture_code
        and supply.fiscal_year = grid.fiscal_year
        and supply.quarter = grid.quarter
        and supply.domain_code = grid.domain_code

    left join demand
        on demand.prefecture_code = grid.prefecture_code
        and demand.fiscal_year = grid.fiscal_year
        and demand.quarter = grid.quarter
        and demand.domain_code = grid.domain_code

),

final as (

    select
        cast(prefecture_code as varchar) as prefecture_code,
        cast(fiscal_year as integer) as fiscal_year,
        cast(quarter as integer) as quarter,
        cast(period as varchar) as period,
        cast(domain_code as varchar) as domain_code,
        cast(case when actor_roster_submitted then coalesce(supply_engagements, 0) end as integer)
            as supply_engagements,
        cast(case when actor_roster_submitted then coalesce(supply_actors, 0) end as integer)
            as supply_actors,
        cast(case when survey_submitted then coalesce(demand_respondents, 0) end as bigint)
            as demand_respondents,
        cast(case when survey_submitted then coalesce(used_respondents, 0) end as bigint)
            as used_respondents,
        cast(
            case when survey_submitted then coalesce(unmet_respondents, 0) end
            / nullif(survey_respondents, 0)
            as double
        ) as unmet_rate

    from joined

)

select * from final
