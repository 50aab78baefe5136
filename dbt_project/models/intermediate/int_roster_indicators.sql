-- Indicators of the effective actor rosters at municipality, prefecture and national level.
-- A level has a row only where the rosters have engagements.

with

engagements as (

    select * from {{ ref('stg_raw__actor_engagements') }}

),

engagement_domains as (

    select * from {{ ref('int_actor_engagement_domains') }}

),

periods as (

    select * from {{ ref('int_periods') }}

),

actor_types as (

    select * from {{ ref('actor_types') }}

),

service_categories as (

    select * from {{ ref('service_categories') }}

),

monitored_engagements as (

    select
        engagements.*,
        actor_types.is_traditional,
        service_categories.is_service_a

    from engagements

    inner join periods
        on periods.fiscal_year = engagements.fiscal_year
        and periods.quarter = engagements.quarter

    left join actor_types
        on actor_types.code = engagements.actor_type

    left join service_categories
        on service_categories.code = engagements.service_category

),

engagement_totals as (

    select
        {{ aggregation_level() }} as aggregation_level,
        {{ area_code() }} as area_code,
        municipality_code,
        prefecture_code,
        fiscal_year,
        quarter,
        period,
        count(*) as engagements,
        count(distinct actor_key) as actors,
        count(distinct actor_type) as actor_types_present,
        count(*) filter (where not is_traditional) as non_traditional_engagements,
        count(*) filter (where is_service_a) as service_a_engagements

    from monitored_engagements

    group by {{ grouping_sets_by_area() }}

),

engagements_by_type as (

    select
        {{ aggregation_level() }} as aggregation_level,
        {{ area_code() }} as area_code,
        fiscal_year,
        quarter,
        actor_type,
        count(*) as engagements

    from monitored_engagements

    group by {{ grouping_sets_by_area(['actor_type']) }}

),

type_shares as (

    select
        aggregation_level,
        area_code,
        fiscal_year,
        quarter,
        actor_type,
        engagements / sum(engagements) over (
            partition by aggregation_level, area_code, fiscal_year, quarter
        ) as share

    from engagements_by_type

),

type_diversity as (

    select
        aggregation_level,
        area_code,
        fiscal_year,
        quarter,
        -- normalized Shannon entropy over the 11 actor types, 0 when only one type is present;
        -- the terms are added in actor-type order so that every rebuild gives the same bits
        case
            when count(*) = 1 then 0.0
            else -list_sum(list(share * ln(share) order by actor_type)) / ln(11)
        end as actor_type_diversity

    from type_shares

    group by aggregation_level, area_code, fiscal_year, quarter

),

municipality_type_counts as (

    select
        municipality_code,
        prefecture_code,
        fiscal_year,
        quarter,
        period,
        count(distinct actor_type) as actor_types_present

    from monitored_engagements

    group by municipality_code, prefecture_code, fiscal_year, quarter, period

),

diverse_municipalities as (

    select
        {{ aggregation_level() }} as aggregation_level,
        {{ area_code() }} as area_code,
        fiscal_year,
        quarter,
        count(*) filter (where actor_types_present >= 3) as diverse_municipalities

    from municipality_type_counts

    group by {{ grouping_sets_by_area() }}

),

domains_covered as (

    select
        {{ aggregation_level() }} as aggregation_level,
        {{ area_code() }} as area_code,
        fiscal_year,
        quarter,
        count(distinct domain_code) as domains_covered

    from engagement_domains

    group by {{ grouping_sets_by_area() }}

),

joined as (

    select
        engagement_totals.*,
        type_diversity.actor_type_diversity,
        diverse_municipalities.diverse_municipalities,
        coalesce(domains_covered.domains_covered, 0) as domains_covered

    from engagement_totals

    inner join type_diversity
        using (aggregation_level, area_code, fiscal_year, quarter)

    inner join diverse_municipalities
        using (aggregation_level, area_code, fiscal_year, quarter)

    left join domains_covered
        using (aggregation_level, area_code, fiscal_year, quarter)

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
        cast(engagements as integer) as engagements,
        cast(actors as integer) as actors,
        cast(actor_types_present as integer) as actor_types_present,
        cast(actor_type_diversity as double) as actor_type_diversity,
        cast(non_traditional_engagements / nullif(engagements, 0) as double) as non_traditional_share,
        cast(domains_covered as integer) as domains_covered,
        cast(service_a_engagements as integer) as service_a_engagements,
        cast(diverse_municipalities as integer) as diverse_municipalities

    from joined

)

select * from final
