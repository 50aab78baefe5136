{#
    What the three quarter marts (municipality, prefecture, national) share after joining
    int_area_quarter_indicators to their own rows: the not-submitted rules and the indicator columns.
#}

{#- SPEC §4.3: the counts of a form not submitted for the period are NULL (survey_respondents: 0); a
    submitted form whose rows do not cover a count gives 0. The conditions say when each form counts as
    submitted; without report_submitted the report counts are left as they are. For `* replace (…)`. -#}
{% macro submission_rule_replacements(roster_submitted, report_submitted=none) -%}
    {%- set report_counts = ['municipalities_reported', 'town_meetings', 'projects_started', 'pilots_running',
                             'standard_amount_kyen'] if report_submitted else [] -%}
    {%- set roster_counts = ['engagements', 'actors', 'actor_types_present', 'domains_covered',
                             'service_a_engagements', 'diverse_municipalities'] -%}
    {%- for column in report_counts %}
            case when {{ report_submitted }} then coalesce({{ column }}, 0) end as {{ column }},
    {%- endfor %}
    {%- for column in roster_counts %}
            case when {{ roster_submitted }} then coalesce({{ column }}, 0) end as {{ column }},
    {%- endfor %}
            coalesce(survey_respondents, 0) as survey_respondents
{%- endmacro %}

{#- The indicator columns from municipalities_reported to survey_satisfaction_mean, in the SPEC's order;
    the ratios over municipalities divide by the row's municipalities_total. -#}
{% macro area_quarter_indicator_columns() -%}
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
        cast(survey_satisfaction_mean as double) as survey_satisfaction_mean
{%- endmacro %}

{#- The prefecture platform's counts of the quarter (summed over prefectures in the national mart). -#}
{% macro platform_count_columns() -%}
        cast(platform_member_orgs as bigint) as platform_member_orgs,
        cast(platform_events as bigint) as platform_events,
        cast(platform_matches as bigint) as platform_matches,
        cast(platform_fund_used_kyen as bigint) as platform_fund_used_kyen
{%- endmacro %}

{#- The programme budget, the spend of the fiscal year to date and their ratio. -#}
{% macro spend_columns() -%}
        cast(standard_amount_kyen as bigint) as standard_amount_kyen,
        cast(spend_fy_to_date_kyen as bigint) as spend_fy_to_date_kyen,
        cast(spend_fy_to_date_kyen / nullif(standard_amount_kyen, 0) as double) as spend_ratio
{%- endmacro %}
