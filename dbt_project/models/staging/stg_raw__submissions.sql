with

source as (

    select * from {{ source('raw', 'submissions') }}

),

renamed as (

    select
        submission_id,
        form,
        prefecture_code,
        fiscal_year,
        quarter,
        period,
        received_at,
        due_at,
        user_name,
        sha256,
        file_name,
        status,
        is_effective,
        status in ('accepted', 'superseded') as is_accepted,
        "rows" as row_count,
        errors as error_count,
        warnings as warning_count,
        nullif(trim(note), '') as note,
        withdrawn_at,
        withdrawn_by,
        withdrawal_reason

    from source

),

final as (

    select
        cast(submission_id as varchar) as submission_id,
        cast(form as varchar) as form,
        cast(prefecture_code as varchar) as prefecture_code,
        cast(fiscal_year as integer) as fiscal_year,
        cast(quarter as integer) as quarter,
        cast(period as varchar) as period,
        cast(received_at as timestamp) as received_at,
        cast(due_at as timestamp) as due_at,
        cast(user_name as varchar) as user_name,
        cast(sha256 as varchar) as sha256,
        cast(file_name as varchar) as file_name,
        cast(status as varchar) as status,
        cast(is_effective as boolean) as is_effective,
        cast(is_accepted as boolean) as is_accepted,
        cast(row_count as integer) as row_count,
        cast(error_count as integer) as error_count,
        cast(warning_count as integer) as warning_count,
        cast(note as varchar) as note,
        cast(withdrawn_at as timestamp) as withdrawn_at,
        cast(withdrawn_by as varchar) as withdrawn_by,
        cast(withdrawal_reason as varchar) as withdrawal_reason

    from renamed

)

select * from final
