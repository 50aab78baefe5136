with

source as (

    select * from {{ source('raw', 'survey_responses') }}

),

renamed as (

    select
        submission_id,
        prefecture_code,
        fiscal_year,
        quarter,
        period,
        source_row,
        municipality_code,
        respondent_id,
        age_band,
        participates,
        domains_used as used_domain_codes,
        domains_wanted as wanted_domain_codes,
        satisfaction

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
        cast(municipality_code as varchar) as municipality_code,
        cast(respondent_id as varchar) as respondent_id,
        cast(age_band as varchar) as age_band,
        cast(participates as boolean) as participates,
        cast(used_domain_codes as varchar[]) as used_domain_codes,
        cast(wanted_domain_codes as varchar[]) as wanted_domain_codes,
        cast(satisfaction as integer) as satisfaction

    from renamed

)

select * from final
