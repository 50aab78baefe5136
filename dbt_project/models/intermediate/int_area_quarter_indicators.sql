-- The four indicator families of an area and quarter side by side — municipal report, spend to date,
-- roster and survey — at municipality, prefecture and national level: the shared body of the three
-- quarter marts, which add their own rows, submission rules and columns. One row per area and period with
-- a row in any family. The spend to date carries over quarters without a report, so a row may hold only
-- spend: has_quarter_rows tells whether the quarter itself has report, roster or survey rows.

with

report_indicators as (

    select * from {{ ref('int_municipal_report_indicators') }}

),

spend_to_date as (

    select * from {{ ref('int_spend_fy_to_date') }}

),

roster_indicators as (

    select * from {{ ref('int_roster_indicators') }}

),

survey_indicators as (

    select * from {{ ref('int_survey_indicators') }}

),

area_periods as (

    select aggregation_level, area_code, fiscal_year, quarter, period from report_indicators
    union
    select aggregation_level, area_code, fiscal_year, quarter, period from spend_to_date
    union
    select aggregation_level, area_code, fiscal_year, quarter, period from roster_indicators
    union
    select aggregation_level, area_code, fiscal_year, quarter, period from survey_indicators

),

joined as (

    select
        area_periods.*,
        report_indicators.area_code is not null as has_municipal_report_row,
        coalesce(report_indicators.area_code, roster_indicators.area_code, survey_indicators.area_code)
            is not null as has_quarter_rows,
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

    from area_periods

    left join report_indicators
        on report_indicators.aggregation_level = area_periods.aggregation_level
        and report_indicators.area_code = area_periods.area_code
        and report_indicators.fiscal_year = area_periods.fiscal_year
        and report_indicators.quarter = area_periods.quarter

    left join spend_to_date
        on spend_to_date.aggregation_level = area_periods.aggregation_level
        and spend_to_date.area_code = area_periods.area_code
        and spend_to_date.fiscal_year = area_periods.fiscal_year
        and spend_to_date.quarter = area_periods.quarter

    left join roster_indicators
        on roster_indicators.aggregation_level = area_periods.aggregation_level
        and roster_indicators.area_code = area_periods.area_code
        and roster_indicators.fiscal_year = area_periods.fiscal_year
        and roster_indicators.quarter = area_periods.quarter

    left join survey_indicators
        on survey_indicators.aggregation_level = area_periods.aggregation_level
        and survey_indicators.area_code = area_periods.area_code
        and survey_indicators.fiscal_year = area_periods.fiscal_year
        and survey_indicators.quarter = area_periods.quarter

)

select * from joined
