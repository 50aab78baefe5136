-- Only effective submissions may have rows in the form tables (docs/raw-sources.md, SPEC §3.7), and a
-- row carries the prefecture, form and period of its submission. Otherwise a rejected or superseded
-- file would reach the marts, or a form could count as "not submitted" while its rows are counted.

with

submissions as (

    select * from {{ ref('stg_raw__submissions') }}

),

form_rows as (

    select distinct 'municipal_report' as form, submission_id, prefecture_code, fiscal_year, quarter
    from {{ ref('stg_raw__municipal_reports') }}

    union all

    select distinct 'actor_roster', submission_id, prefecture_code, fiscal_year, quarter
    from {{ ref('stg_raw__actor_engagements') }}

    union all

    select distinct 'platform_status', submission_id, prefecture_code, fiscal_year, quarter
    from {{ ref('stg_raw__platform_statuses') }}

    union all

    select distinct 'survey_responses', submission_id, prefecture_code, fiscal_year, quarter
    from {{ ref('stg_raw__survey_responses') }}

)

select form_rows.*

from form_rows

left join submissions
    on submissions.submission_id = form_rows.submission_id
    and submissions.is_effective
    and submissions.form = form_rows.form
    and submissions.prefecture_code = form_rows.prefecture_code
    and submissions.fiscal_year = form_rows.fiscal_year
    and submissions.quarter = form_rows.quarter

where submissions.submission_id is null
