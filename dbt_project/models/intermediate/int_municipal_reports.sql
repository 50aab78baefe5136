-- Rows of the effective municipal reports with the standard amount of 生活支援体制整備事業 per municipality.

with

municipal_reports as (

    select * from {{ ref('stg_raw__municipal_reports') }}

),

municipalities as (

    select * from {{ ref('municipalities') }}

),

with_standard_units as (

    select
        municipal_reports.*,
        municipalities.designated_city_wards,
        -- u: administrative wards of a designated city, else 1
        coalesce(municipalities.designated_city_wards, 1) as standard_units

    from municipal_reports

    left join municipalities
        on municipalities.municipality_code = municipal_reports.municipality_code

),

final as (

    select
        cast(submission_id as varchar) as submission_id,
        cast(municipality_code as varchar) as municipality_code,
        cast(prefecture_code as varchar) as prefecture_code,
        cast(fiscal_year as integer) as fiscal_year,
        cast(quarter as integer) as quarter,
        cast(period as varchar) as period,
        cast(population_65plus as bigint) as population_65plus,
        cast(daily_living_areas as bigint) as daily_living_areas,
        cast(sc_layer1_count as bigint) as sc_layer1_count,
        cast(sc_layer1_count >= 1 as boolean) as has_sc_layer1,
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
        cast(program_spend_kyen as bigint) as program_spend_kyen,
        cast(designated_city_wards as integer) as designated_city_wards,
        cast(standard_units as integer) as standard_units,
        -- SPEC §4.3: 8000·u + 4000·daily_living_areas + 4000·u·[partnership_program] (thousand yen, annual)
        cast(
            8000 * standard_units
            + 4000 * daily_living_areas
            + 4000 * standard_units * (case when partnership_program then 1 else 0 end)
            as bigint
        ) as standard_amount_kyen

    from with_standard_units

)

select * from final
