with

source as (

    select * from {{ source('raw', 'validation_issues') }}

),

renamed as (

    select
        submission_id,
        issue_no,
        severity,
        sheet,
        row_number as excel_row,
        column_name,
        value,
        rule,
        message_ja,
        message_en

    from source

),

final as (

    select
        cast(submission_id as varchar) as submission_id,
        cast(issue_no as integer) as issue_no,
        cast(severity as varchar) as severity,
        cast(sheet as varchar) as sheet,
        cast(excel_row as integer) as excel_row,
        cast(column_name as varchar) as column_name,
        cast(value as varchar) as value,
        cast(rule as varchar) as rule,
        cast(message_ja as varchar) as message_ja,
        cast(message_en as varchar) as message_en

    from renamed

)

select * from final
