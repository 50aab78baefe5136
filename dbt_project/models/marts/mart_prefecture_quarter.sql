-- One row per prefecture (all 47) and monitored period (SPEC §4.3).
-- A form not submitted for the period leaves its counts and ratios NULL.

with

prefectures as (

    select * from {{ ref('dim_prefecture') }}

),

periods as (

    select * from {{ ref('int_periods') }}

),

form_submissions as (

    select * from {{ ref('int_form_submissions') }}

),

report_indicators as (

    select * from {{ ref('int_municipal_report_indicators') }}

    where aggregation_level = 'prefecture'

),

spend_to_date as (

    select * from {{ ref('int_spend_fy_to_date') }}

    where aggregation_level = 'prefecture'

),

roster_indicators as (

    select * from {{ ref('int_roster_indicators') }}

    where aggregation_level = 'prefecture'

),

survey_indicators as (

    select * from {{ ref('int_survey_indicators') }}

    where aggregation_level = 'prefecture'

),

platform_stages as (

    select * from {{ ref('int_platform_stages') }}

),

prefecture_periods as (

    select
        prefectures.prefecture_code,
        prefectures.municipalities_total,
        periods.fiscal_year,
        periods.quarter,
        periods.period

    from prefectures

    cross join periods

),

joined as (

    select
        prefecture_periods.*,
        report_submission.form is not null as municipal_report_submitted,
        report_submission.is_on_time as municipal_report_on_time,
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
        survey_indicators.survey_satisfaction_mean,
        platform_stages.platform_stage,
        platform_stages.platform_stage_reported,
        platform_stages.target_stage,
        platform_stages.stage_gap,
        platform_stages.schedule_status,
        platform_stages.quarters_behind,
        platform_stages.platform_member_orgs,
        platform_stages.platform_events,
        platform_stages.platform_matches,
        platform_stages.platform_fund_used_kyen

    from prefecture_periods

    left join form_submissions as report_submission
        on report_submission.prefecture_code = prefecture_periods.prefecture_code
        and report_submission.fiscal_year = prefecture_periods.fiscal_year
        and report_submission.quarter = prefecture_periods.quarter
        and report_submission.form = 'municipal_report'

    left join form_submissions as roster_submission
        on roster_submission.prefecture_code = prefecture_periods.prefecture_code
        and roster_submission.fiscal_year = prefecture_periods.fiscal_year
        and roster_submission.quarter = prefecture_periods.quarter
        and roster_submission.form = 'actor_roster'

    left join report_indicators
        on report_indicators.prefecture_code = prefecture_periods.prefecture_code
        and report_indicators.fiscal_year = prefecture_periods.fiscal_year
        and report_indicators.quarter = prefecture_periods.quarter

    left join spend_to_date
        on spend_to_date.prefecture_code = prefecture_periods.prefecture_code
        and spend_to_date.fiscal_year = prefecture_periods.fiscal_year
        and spend_to_date.quarter = prefecture_periods.quarter

    left join roster_indicators
        on roster_indicators.prefecture_code = prefecture_periods.prefecture_code
        and roster_indicators.fiscal_year = prefecture_periods.fiscal_year
        and roster_indicators.quarter = prefecture_periods.quarter

    left join survey_indicators
        on survey_indicators.prefecture_code = prefecture_periods.prefecture_code
        and survey_indicators.fiscal_year = prefecture_periods.fiscal_year
        and survey_indicators.quarter = prefecture_periods.quarter

    inner join platform_stages
        on platform_stages.prefecture_code = prefecture_periods.prefecture_code
        and platform_stages.fiscal_year = prefecture_periods.fiscal_year
        and platform_stages.quarter = prefecture_periods.quarter

),

-- SPEC §4.3: counts of a form not submitted for the period are NULL (survey_respondents: 0);
-- a submitted form whose rows do not cover a count gives 0
with_submission_rules as (

    select
        * replace (
            case when municipal_report_submitted then coalesce(municipalities_reported, 0) end
                as municipalities_reported,
            case when municipal_report_submitted then coalesce(town_meetings, 0) end as town_meetings,
            case when municipal_report_submitted then coalesce(projects_started, 0) end as projects_started,
            case when municipal_report_submitted then coalesce(pilots_running, 0) end as pilots_running,
            case when municipal_report_submitted then coalesce(standard_amount_kyen, 0) end
                as standard_amount_kyen,
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
        cast(prefecture_code as varchar) as prefecture_code,
        cast(fiscal_year as integer) as fiscal_year,
        cast(quarter as integer) as quarter,
        cast(period as varchar) as period,
        cast(municipalities_total as integer) as municipalities_total,
        cast(municipal_report_submitted as boolean) as municipal_report_submitted,
        cast(municipal_report_on_time as boolean) as municipal_report_on_time,
        cast(municipalities_reported as integer) as municipalities_reported,
        cast(municipalities_reported / municipalities_total as double) as completeness,
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
        -- 23 = number of domains (SPEC §3.6)
        cast(domains_covered / 23 as double) as domain_coverage,
        cast(service_a_engagements as integer) as service_a_engagements,
        cast(diverse_municipalities / municipalities_total as double) as diverse_municipality_rate,
        cast(survey_respondents as bigint) as survey_respondents,
        cast(survey_participation_rate as double) as survey_participation_rate,
        cast(survey_satisfaction_mean as double) as survey_satisfaction_mean,
        cast(platform_stage as integer) as platform_stage,
        cast(platform_stage_reported as boolean) as platform_stage_reported,
        cast(target_stage as integer) as target_stage,
        cast(stage_gap as integer) as stage_gap,
        cast(schedule_status as varchar) as schedule_status,
        cast(quarters_behind as integer) as quarters_behind,
        cast(platform_member_orgs as bigint) as platform_member_orgs,
        cast(platform_events as bigint) as platform_events,
        cast(platform_matches as bigint) as platform_matches,
        cast(platform_fund_used_kyen as bigint) as platform_fund_used_kyen,
        cast(standard_amount_kyen as bigint) as standard_amount_kyen,
        cast(spend_fy_to_date_kyen as bigint) as spend_fy_to_date_kyen,
        cast(spend_fy_to_date_kyen / nullif(standard_amount_kyen, 0) as double) as spend_ratio

    from with_submission_rules

)

select * from final
