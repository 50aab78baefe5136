with

source as (

    select * from {{ source('raw', 'platform_status') }}

),

renamed as (

    select
        submission_id,
        prefecture_code,
        fiscal_year,
        quarter,
        period,
        source_row,
        stage,
        member_orgs,
        events,
        trainings,
        matches,
        fund_used_kyen,
        linked_national

    from source

),

final as (

    select
        cast(submission_id as varchar) as submission_id,
        cast(prefecture_code as varchar) as prefecture_code,
        cast(fiscal_year as integer) as fiscal_year,
        cast(quarter as integer) as quarter,
        cast(period as varchar) as period,
        cast(source_row as integer) as source_row,
        cast(stage as integer) as stage,
        cast(member_orgs as bigint) as member_orgs,
        cast(events as bigint) as events,
        cast(trainings as bigint) as trainings,
        cast(matches as bigint) as matches,
        cast(fund_used_kyen as bigint) as fund_used_kyen,
        cast(linked_national as boolean) as linked_national

    from renamed

)

select * from final
