-- Municipality rows of the forms belong to the submitting prefecture (SPEC §3.1), so that municipality,
-- prefecture and national levels aggregate the same rows.

with

municipalities as (

    select * from {{ ref('municipalities') }}

),

form_municipalities as (

    select distinct 'municipal_report' as form, municipality_code, prefecture_code
    from {{ ref('stg_raw__municipal_reports') }}

    union all

    select distinct 'actor_roster', municipality_code, prefecture_code
    from {{ ref('stg_raw__actor_engagements') }}

    union all

    select distinct 'survey_responses', municipality_code, prefecture_code
    from {{ ref('int_survey_municipality_quarter') }}

)

select form_municipalities.*

from form_municipalities

left join municipalities
    on municipalities.municipality_code = form_municipalities.municipality_code
    and municipalities.prefecture_code = form_municipalities.prefecture_code

where municipalities.municipality_code is null
