-- Programme spend of the fiscal year up to each monitored quarter, at municipality, prefecture and
-- national level: Σ program_spend_kyen of the effective municipal reports of the same fiscal year with
-- quarter ≤ this one, whether or not this quarter itself was reported. No row when there is no such
-- report; 0 when the reports have no rows.

with

form_submissions as (

    select * from {{ ref('int_form_submissions') }}

    where form = 'municipal_report'

),

municipal_reports as (

    select * from {{ ref('int_municipal_reports') }}

),

periods as (

    select * from {{ ref('int_periods') }}

),

reports_to_date as (

    select
        municipal_reports.municipality_code,
        form_submissions.prefecture_code,
        periods.fiscal_year,
        periods.quarter,
        periods.period,
        municipal_reports.program_spend_kyen

    from periods

    inner join form_submissions
        on form_submissions.fiscal_year = periods.fiscal_year
        and form_submissions.quarter <= periods.quarter

    left join municipal_reports
        on municipal_reports.submission_id = form_submissions.effective_submission_id

),

totals as (

    select
        {{ aggregation_level() }} as aggregation_level,
        {{ area_code() }} as area_code,
        municipality_code,
        prefecture_code,
        fiscal_year,
        quarter,
        period,
        coalesce(sum(program_spend_kyen), 0) as spend_fy_to_date_kyen

    from reports_to_date

    group by {{ grouping_sets_by_area() }}

    -- a report without rows counts for its prefecture and the nation, but names no municipality
    having not (grouping(municipality_code) = 0 and municipality_code is null)

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
        cast(spend_fy_to_date_kyen as bigint) as spend_fy_to_date_kyen

    from totals

)

select * from final
