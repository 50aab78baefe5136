-- Indicators of the effective municipal reports at municipality, prefecture and national level
-- (Σ/Σ ratios over the reported municipalities). A level has a row only where reports have rows.

with

municipal_reports as (

    select * from {{ ref('int_municipal_reports') }}

),

periods as (

    select * from {{ ref('int_periods') }}

),

monitored_reports as (

    select municipal_reports.*

    from municipal_reports

    inner join periods
        on periods.fiscal_year = municipal_reports.fiscal_year
        and periods.quarter = municipal_reports.quarter

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
        count(distinct municipality_code) as municipalities_reported,
        count(*) filter (where partnership_program) as partnership_program_municipalities,
        count(*) filter (where has_sc_layer1) as sc_layer1_municipalities,
        count(*) filter (where council_layer1) as council_layer1_municipalities,
        sum(population_65plus) as population_65plus,
        sum(daily_living_areas) as daily_living_areas,
        sum(sc_layer2_areas_covered) as sc_layer2_areas_covered,
        sum(council_layer2_areas) as council_layer2_areas,
        sum(town_meetings) as town_meetings,
        sum(meeting_participants_orgs) as meeting_participants_orgs,
        sum(meeting_participants_residents + meeting_participants_orgs) as meeting_participants,
        sum(projects_started) as projects_started,
        sum(pilots_running) as pilots_running,
        sum(kayoi_participants) as kayoi_participants,
        sum(standard_amount_kyen) as standard_amount_kyen

    from monitored_reports

    group by {{ grouping_sets_by_area() }}

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
        cast(municipalities_reported as integer) as municipalities_reported,
        cast(population_65plus as bigint) as population_65plus,
        cast(partnership_program_municipalities / nullif(municipalities_reported, 0) as double)
            as partnership_program_rate,
        cast(town_meetings as bigint) as town_meetings,
        cast(10000 * town_meetings / nullif(population_65plus, 0) as double) as town_meetings_per_10k_65plus,
        cast(meeting_participants_orgs / nullif(meeting_participants, 0) as double) as org_participant_share,
        cast(projects_started as bigint) as projects_started,
        cast(pilots_running as bigint) as pilots_running,
        cast(kayoi_participants / nullif(population_65plus, 0) as double) as kayoi_participation_rate,
        cast(sc_layer1_municipalities / nullif(municipalities_reported, 0) as double) as sc_layer1_rate,
        cast(sc_layer2_areas_covered / nullif(daily_living_areas, 0) as double) as sc_layer2_coverage,
        cast(council_layer1_municipalities / nullif(municipalities_reported, 0) as double) as council_layer1_rate,
        cast(council_layer2_areas / nullif(daily_living_areas, 0) as double) as council_layer2_coverage,
        cast(standard_amount_kyen as bigint) as standard_amount_kyen

    from totals

)

select * from final
