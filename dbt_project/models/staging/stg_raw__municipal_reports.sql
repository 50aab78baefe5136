with

source as (

    select * from {{ source('raw', 'municipal_report') }}

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
        municipality_name,
        population_65plus,
        daily_living_areas,
        sc_layer1_count,
        sc_layer2_areas_covered,
        council_layer1,
        council_layer2_areas,
        partnership_program,
        town_meetings,
        meeting_participants_residents,
        meeting_participants_orgs,
        projects_started,
        pilots_running,
        kayoi_participants,
        program_spend_kyen

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
        cast(municipality_name as varchar) as municipality_name,
        cast(population_65plus as bigint) as population_65plus,
        cast(daily_living_areas as bigint) as daily_living_areas,
        cast(sc_layer1_count as bigint) as sc_layer1_count,
        cast(sc_layer2_areas_covered as bigint) as sc_layer2_areas_covered,
        cast(council_layer1 as boolean) as council_layer1,
        cast(council_layer2_areas as bigint) as council_layer2_areas,
        cast(partnership_program as boolean) as partnership_program,
        cast(town_meetings as bigint) as town_meetings,
        cast(meeting_participants_residents as bigint) as meeting_participants_residents,
        cast(meeting_participants_orgs as bigint) as meeting_participants_orgs,
        cast(projects_started as bigint) as projects_started,
        cast(pilots_running as bigint) as pilots_running,
        cast(kayoi_participants as bigint) as kayoi_participants,
        cast(program_spend_kyen as bigint) as program_spend_kyen

    from renamed

)

select * from final
