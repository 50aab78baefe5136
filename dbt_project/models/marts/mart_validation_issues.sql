-- Every error and warning of every submission (SPEC §3.7), with the submission it belongs to.

with

validation_issues as (

    select * from {{ ref('stg_raw__validation_issues') }}

),

submissions as (

    select * from {{ ref('mart_submissions') }}

),

final as (

    select
        cast(validation_issues.submission_id as varchar) as submission_id,
        cast(validation_issues.issue_no as integer) as issue_no,
        cast(submissions.prefecture_code as varchar) as prefecture_code,
        cast(submissions.prefecture_name as varchar) as prefecture_name,
        cast(submissions.form as varchar) as form,
        cast(submissions.form_label_ja as varchar) as form_label_ja,
        cast(submissions.fiscal_year as integer) as fiscal_year,
        cast(submissions.quarter as integer) as quarter,
        cast(submissions.period as varchar) as period,
        cast(submissions.received_at_jst as timestamp) as received_at_jst,
        cast(submissions.status as varchar) as submission_status,
        cast(submissions.file_name as varchar) as file_name,
        cast(validation_issues.severity as varchar) as severity,
        cast(validation_issues.sheet as varchar) as sheet,
        cast(validation_issues.excel_row as integer) as excel_row,
        cast(validation_issues.column_name as varchar) as column_name,
        cast(validation_issues.value as varchar) as value,
        cast(validation_issues.rule as varchar) as rule,
        cast(validation_issues.message_ja as varchar) as message_ja,
        cast(validation_issues.message_en as varchar) as message_en

    from validation_issues

    left join submissions
        on submissions.submission_id = validation_issues.submission_id

)

select * from final
