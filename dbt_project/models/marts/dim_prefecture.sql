with

prefectures as (

    select * from {{ ref('prefectures') }}

),

municipalities as (

    select * from {{ ref('municipalities') }}

),

municipality_counts as (

    select
        prefecture_code,
        count(*) as municipalities_total,
        count(*) filter (where designated_city_wards is not null) as designated_cities

    from municipalities

    group by prefecture_code

),

final as (

    select
        cast(prefectures.prefecture_code as varchar) as prefecture_code,
        cast(prefectures.lg_code as varchar) as lg_code,
        cast(prefectures.prefecture_name as varchar) as prefecture_name,
        cast(prefectures.prefecture_kana as varchar) as prefecture_kana,
        cast(prefectures.prefecture_name_en as varchar) as prefecture_name_en,
        cast(prefectures.region_name as varchar) as region_name,
        cast(prefectures.region_name_en as varchar) as region_name_en,
        cast(coalesce(municipality_counts.municipalities_total, 0) as integer) as municipalities_total,
        cast(coalesce(municipality_counts.designated_cities, 0) as integer) as designated_cities

    from prefectures

    left join municipality_counts
        on municipality_counts.prefecture_code = prefectures.prefecture_code

)

select * from final
