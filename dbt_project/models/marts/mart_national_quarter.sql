-- One row per monitored period for the whole country (SPEC §4.4): Σ/Σ indicators over all
-- municipalities (not averages of prefecture rates) and counts of prefectures.
-- Denominators that are constants use the whole master (1,741 municipalities); a form that no
-- prefecture submitted for the period leaves its counts and ratios NULL, like a prefecture row.

with

periods as (

    select * from {{ ref('int_periods') }}

),

municipalities as (

    select * from {{ ref('dim_municipality') }}

),

form_submissions as (

    select * from {{ ref('int_form_submissions') }}

),

report_indicators as (

    select * from {{ ref('int_municipal_report_indicators') }}

    where aggregation_level = 'national'

),

spend_to_date as (

    select * from {{ ref('int_spend_fy_to_date') }}

    where aggregation_level = 'national'

),

roster_indicators as (

    select * from {{ ref('int_roster_indicators') }}

    where aggregation_level = 'national'

),

survey_indicators as (

    select * from {{ ref('int_survey_indicators') }}

    where aggregation_level = 'national'

),

platform_stages as (

    select * from {{ ref('int_platform_stages') }}

),

municipality_count as (

    select count(*) as municipalities_total from municipalities

),

submissions_per_period as (

    select
        fiscal_year,
        quarter,
        count(*) filter (where form = 'municipal_report') as prefectures_reporting,
        count(*) filter (where form = 'municipal_report' and is_on_time) as prefectures_on_time,
        count(*) filter (where form = 'actor_roster') as prefectures_with_roster

    from form_submissions

    group by fiscal_year, quarter

),

platform_per_period as (

    select
        fiscal_year,
        quarter,
        count(*) filter (where platform_stage = 0) as prefectures_stage_0,
        count(*) filter (where platform_stage = 1) as prefectures_stage_1,
        count(*) filter (where platform_stage = 2) as prefectures_stage_2,
        count(*) filter (where platform_stage = 3) as prefectures_stage_3,
        count(*) filter (where platform_stage = 4) as prefectures_stage_4,
        count(*) filter (where schedule_status in ('on_track', 'ahead')) as prefectures_on_track_or_ahead,
        sum(platform_member_orgs) as platform_member_orgs,
        sum(platform_events) as platform_events,
        sum(platform_matches) as platform_matches,
        sum(platform_fund_used_kyen) as platform_fund_used_kyen

    from platform_stages

    group by fiscal_year, quarter

),

joined as (

    select
        periods.fiscal_year,
        periods.quarter,
        periods.period,
        periods.default_target_stage as target_stage,
        municipality_count.municipalities_total,
        coalesce(submissions_per_period.prefectures_reporting, 0) as prefectures_reporting,
        coalesce(submissions_per_period.prefectures_on_time, 0) as prefectures_on_time,
        coalesce(submissions_per_period.prefectures_with_roster, 0) as prefectures_with_roster,
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
        platform_per_period.prefectures_stage_0,
        platform_per_period.prefectures_stage_1,
        platform_per_period.prefectures_stage_2,
        platform_per_period.prefectures_stage_3,
        platform_per_period.prefectures_stage_4,
        platform_per_period.prefectures_on_track_or_ahead,
        platform_per_period.platform_member_orgs,
        platform_per_period.platform_events,
        platform_per_period.platform_matches,
        platform_per_period.platform_fund_used_kyen

    from periods

    cross join municipality_count

    left join submissions_per_period
        on submissions_per_period.fiscal_year = periods.fiscal_year
        and submissions_per_period.quarter = periods.quarter

    left join report_indicators
        on report_indicators.fiscal_year = periods.fiscal_year
        and report_indicators.quarter = periods.quarter

    left join spend_to_date
        on spend_to_date.fiscal_year = periods.fiscal_year
        and spend_to_date.quarter = periods.quarter

    left join roster_indicators
        on roster_indicators.fiscal_year = periods.fiscal_year
        and roster_indicators.quarter = periods.quarter

    left join survey_indicators
        on survey_indicators.fiscal_year = periods.fiscal_year
        and survey_indicators.quarter = periods.quarter

    inner join platform_per_period
        on platform_per_period.fiscal_year = periods.fiscal_year
        and platform_per_period.quarter = periods.quarter

),

-- like a prefecture row: counts are NULL when no prefecture submitted the form, else Σ (0 if no rows)
with_submission_rules as (

    select
        * replace (
            case when prefectures_reporting > 0 then coalesce(municipalities_reported, 0) end
                as municipalities_reported,
            case when prefectures_reporting > 0 then coalesce(town_meetings, 0) end as town_meetings,
            case when prefectures_reporting > 0 then coalesce(projects_started, 0) end as projects_started,
            case when prefectures_reporting > 0 then coalesce(pilots_running, 0) end as pilots_running,
            case when prefectures_reporting > 0 then coalesce(standard_amount_kyen, 0) end
                as standard_amount_kyen,
            case when prefectures_with_roster > 0 then coalesce(engagements, 0) end as engagements,
            case when prefectures_with_roster > 0 then coalesce(actors, 0) end as actors,
            case when prefectures_with_roster > 0 then coalesce(actor_types_present, 0) end
                as actor_types_present,
            case when prefectures_with_roster > 0 then coalesce(domains_covered, 0) end as domains_covered,
            case when prefectures_with_roster > 0 then coalesce(service_a_engagements, 0) end
                as service_a_engagements,
            case when prefectures_with_roster > 0 then coalesce(diverse_municipalities, 0) end
                as diverse_municipalities,
            coalesce(survey_respondents, 0) as survey_respondents
        )

    from joined

),

final as (

    select
        cast(fiscal_year as integer) as fiscal_year,
        cast(quarter as integer) as quarter,
        cast(period as varchar) as period,
        cast(municipalities_total as integer) as municipalities_total,
        cast(prefectures_reporting as integer) as prefectures_reporting,
        cast(prefectures_on_time as integer) as prefectures_on_time,
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
        cast(domains_covered / 23 as double) as domain_coverage,
        cast(service_a_engagements as integer) as service_a_engagements,
        cast(diverse_municipalities / municipalities_total as double) as diverse_municipality_rate,
        cast(survey_respondents as bigint) as survey_respondents,
        cast(survey_participation_rate as double) as survey_participation_rate,
        cast(survey_satisfaction_mean as double) as survey_satisfaction_mean,
        cast(prefectures_stage_0 as integer) as prefectures_stage_0,
        cast(prefectures_stage_1 as integer) as prefectures_stage_1,
        cast(prefectures_stage_2 as integer) as prefectures_stage_2,
        cast(prefectures_stage_3 as integer) as prefectures_stage_3,
        cast(prefectures_stage_4 as integer) as prefectures_stage_4,
        cast(prefectures_on_track_or_ahead as integer) as prefectures_on_track_or_ahead,
        cast(target_stage as integer) as target_stage,
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
