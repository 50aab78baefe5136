-- One row per municipality and monitored period with a municipal report row, roster engagements or
-- survey responses (SPEC §4.4): the municipality-level counterparts of mart_prefecture_quarter.
-- A municipality is "reported" when it has a row in its prefecture's effective municipal_report; the
-- roster counts are 0 (not NULL) when the prefecture's roster was submitted without this municipality.

with

municipalities as (

    select * from {{ ref('dim_municipality') }}

),

form_submissions as (

    select * from {{ ref('int_form_submissions') }}

),

report_indicators as (

    select * from {{ ref('int_municipal_report_indicators') }}

    where aggregation_level = 'municipality'

),

spend_to_date as (

    select * from {{ ref('int_spend_fy_to_date') }}

    where aggregation_level = 'municipality'

),

roster_indicators as (

    select * from {{ ref('int_roster_indicators') }}

    where aggregation_level = 'municipality'

),

survey_indicators as (

    select * from {{ ref('int_survey_indicators') }}

    where aggregation_level = 'municipality'

),

municipality_periods as (

    select municipality_code, fiscal_year, quarter, period from report_indicators
    union
    select municipality_code, fiscal_year, quarter, period from roster_indicators
    union
    select municipality_code, fiscal_year, quarter, period from survey_indicators

),

joined as (

    select
        municipality_periods.*,
        municipalities.municipality_name,
        municipalities.prefecture_code,
        municipalities.designated_city_wards,
        report_indicators.municipality_code is not null as municipal_report_submitted,
        case when report_indicators.municipality_code is not null then report_submission.is_on_time end
            as municipal_report_on_time,
        roster_submission.form is not null as actor_roster_submitted,
        report_indicators.municipalities_reported,
        report_indicators.partnership_program_rate,
        report_indicators.town_meetings,
        report_indicators.town_meetings_per_10k_65plus,
        report_indicators.org_participant_share,
        report_indicators.projects_started,
        report_indicators.pilots_running,
        report_indicators.kayoi_participation_rate,
        report_indicators.sc_layer1_rate,
        report_indicators.sc_layer2_coverage,
        report_indicators.council_layer1_rate,
        report_indicators.council_layer2_coverage,
        report_indicators.standard_amount_kyen,
        report_indicators.population_65plus,
        spend_to_date.spend_fy_to_date_kyen,
        roster_indicators.engagements,
        roster_indicators.actors,
        roster_indicators.actor_types_present,
        roster_indicators.actor_type_diversity,
        roster_indicators.non_traditional_share,
        roster_indicators.domains_covered,
        roster_indicators.service_a_engagements,
        roster_indicators.diverse_municipalities,
        survey_indicators.survey_respondents,
        survey_indicators.survey_participation_rate,
        survey_indicators.survey_satisfaction_mean

    from municipality_periods

    inner join municipalities
        on municipalities.municipality_code = municipality_periods.municipality_code

    left join form_submissions as report_submission
        on report_submission.prefecture_code = municipalities.prefecture_code
        and report_submission.fiscal_year = municipality_periods.fiscal_year
        and report_submission.quarter = municipality_periods.quarter
        and report_submission.form = 'municipal_report'

    left join form_submissions as roster_submission
        on roster_submission.prefecture_code = municipalities.prefecture_code
        and roster_submission.fiscal_year = municipality_periods.fiscal_year
        and roster_submission.quarter = municipality_periods.quarter
        and roster_submission.form = 'actor_roster'

    left join report_indicators
        on report_indicators.municipality_code = municipality_periods.municipality_code
        and report_indicators.fiscal_year = municipality_periods.fiscal_year
        and report_indicators.quarter = municipality_periods.quarter

    left join spend_to_date
        on spend_to_date.municipality_code = municipality_periods.municipality_code
        and spend_to_date.fiscal_year = municipality_periods.fiscal_year
        and spend_to_date.quarter = municipality_periods.quarter

    left join roster_indicators
        on roster_indicators.municipality_code = municipality_periods.municipality_code
        and roster_indicators.fiscal_year = municipality_periods.fiscal_year
        and roster_indicators.quarter = municipality_periods.quarter

    left join survey_indicators
        on survey_indicators.municipality_code = municipality_periods.municipality_code
        and survey_indicators.fiscal_year = municipality_periods.fiscal_year
        and survey_indicators.quarter = municipality_periods.quarter

),

-- roster counts of a municipality left out of a submitted roster are 0; survey_respondents is never NULL
with_submission_rules as (

    select
        * replace (
            case when actor_roster_submitted then coalesce(engagements, 0) end as engagements,
            case when actor_roster_submitted then coalesce(actors, 0) end as actors,
            case when actor_roster_submitted then coalesce(actor_types_present, 0) end as actor_types_present,
            case when actor_roster_submitted then coalesce(domains_covered, 0) end as domains_covered,
            case when actor_roster_submitted then coalesce(service_a_engagements, 0) end
                as service_a_engagements,
            case when actor_roster_submitted then coalesce(diverse_municipalities, 0) end
                as diverse_municipalities,
            coalesce(survey_respondents, 0) as survey_respondents
        )

    from joined

),

final as (

    select
        cast(municipality_code as varchar) as municipality_code,
        cast(fiscal_year as integer) as fiscal_year,
        cast(quarter as integer) as quarter,
        cast(period as varchar) as period,
        cast(municipality_name as varchar) as municipality_name,
        cast(prefecture_code as varchar) as prefecture_code,
        cast(designated_city_wards as integer) as designated_city_wards,
        -- a municipality is one municipality of the master
        cast(1 as integer) as municipalities_total,
        cast(municipal_report_submitted as boolean) as municipal_report_submitted,
        cast(municipal_report_on_time as boolean) as municipal_report_on_time,
        cast(municipalities_reported as integer) as municipalities_reported,
        cast(municipalities_reported / 1 as double) as completeness,
        cast(partnership_program_rate as double) as partnership_program_rate,
        cast(town_meetings as bigint) as town_meetings,
        cast(town_meetings_per_10k_65plus as double) as town_meetings_per_10k_65plus,
        cast(org_participant_share as double) as org_participant_share,
        cast(projects_started as bigint) as projects_started,
        cast(pilots_running as bigint) as pilots_running,
        cast(kayoi_participation_rate as double) as kayoi_participation_rate,
        cast(sc_layer1_rate as double) as sc_layer1_rate,
        cast(sc_layer2_coverage as double) as sc_layer2_coverage,
        cast(council_layer1_rate as double) as council_layer1_rate,
        cast(council_layer2_coverage as double) as council_layer2_coverage,
        cast(engagements as integer) as engagements,
        cast(actors as integer) as actors,
        cast(actor_types_present as integer) as actor_types_present,
        cast(actor_type_diversity as double) as actor_type_diversity,
        cast(non_traditional_share as double) as non_traditional_share,
        cast(domains_covered / 23 as double) as domain_coverage,
        cast(service_a_engagements as integer) as service_a_engagements,
        cast(diverse_municipalities / 1 as double) as diverse_municipality_rate,
        cast(survey_respondents as bigint) as survey_respondents,
        cast(survey_participation_rate as double) as survey_participation_rate,
        cast(survey_satisfaction_mean as double) as survey_satisfaction_mean,
        cast(standard_amount_kyen as bigint) as standard_amount_kyen,
        cast(spend_fy_to_date_kyen as bigint) as spend_fy_to_date_kyen,
        cast(spend_fy_to_date_kyen / nullif(standard_amount_kyen, 0) as double) as spend_ratio,
        -- not a SPEC column: the municipality's size, which decides its peer class on the municipality profile
        cast(population_65plus as bigint) as population_65plus

    from with_submission_rules

)

select * from final
