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

municipality_indicators as (

    select * from {{ ref('int_area_quarter_indicators') }}

    where aggregation_level = 'municipality'
        and has_quarter_rows

),

joined as (

    select
        municipality_indicators.area_code as municipality_code,
        municipality_indicators.fiscal_year,
        municipality_indicators.quarter,
        municipality_indicators.period,
        municipalities.municipality_name,
        municipalities.prefecture_code,
        municipalities.designated_city_wards,
        -- a municipality is one municipality of the master
        1 as municipalities_total,
        municipality_indicators.has_municipal_report_row as municipal_report_submitted,
        case when municipality_indicators.has_municipal_report_row then report_submission.is_on_time end
            as municipal_report_on_time,
        roster_submission.form is not null as actor_roster_submitted,
        municipality_indicators.* exclude (aggregation_level, area_code, fiscal_year, quarter, period)

    from municipality_indicators

    inner join municipalities
        on municipalities.municipality_code = municipality_indicators.area_code

    left join form_submissions as report_submission
        on report_submission.prefecture_code = municipalities.prefecture_code
        and report_submission.fiscal_year = municipality_indicators.fiscal_year
        and report_submission.quarter = municipality_indicators.quarter
        and report_submission.form = 'municipal_report'

    left join form_submissions as roster_submission
        on roster_submission.prefecture_code = municipalities.prefecture_code
        and roster_submission.fiscal_year = municipality_indicators.fiscal_year
        and roster_submission.quarter = municipality_indicators.quarter
        and roster_submission.form = 'actor_roster'

),

-- the report counts of a municipality come from its own row; roster counts of a municipality left out
-- of a submitted roster are 0; survey_respondents is never NULL
with_submission_rules as (

    select
        * replace (
            {{ submission_rule_replacements(roster_submitted='actor_roster_submitted') }}
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
        cast(municipalities_total as integer) as municipalities_total,
        cast(municipal_report_submitted as boolean) as municipal_report_submitted,
        cast(municipal_report_on_time as boolean) as municipal_report_on_time,
        {{ area_quarter_indicator_columns() }},
        {{ spend_columns() }},
        -- not a SPEC column: the municipality's size, which decides its peer class on the municipality profile
        cast(population_65plus as bigint) as population_65plus

    from with_submission_rules

)

select * from final
