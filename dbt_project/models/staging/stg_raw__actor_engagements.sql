with

source as (

    select * from {{ source('raw', 'actor_roster') }}

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
        actor_name,
        actor_name_normalized,
        -- blank means not given (unincorporated groups)
        nullif(trim(corporate_number), '') as corporate_number,
        -- SPEC §4.3: corporate number when given, else municipality code ':' normalized name
        coalesce(nullif(trim(corporate_number), ''), municipality_code || ':' || actor_name_normalized) as actor_key,
        actor_type,
        domains as domain_codes,
        service_category,
        model_type,
        start_month

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
        cast(actor_name as varchar) as actor_name,
        cast(actor_name_normalized as varchar) as actor_name_normalized,
        cast(corporate_number as varchar) as corporate_number,
        cast(actor_key as varchar) as actor_key,
        cast(actor_type as varchar) as actor_type,
        cast(domain_codes as varchar[]) as domain_codes,
        cast(service_category as varchar) as service_category,
        cast(model_type as varchar) as model_type,
        cast(start_month as varchar) as start_month

    from renamed

)

select * from final
