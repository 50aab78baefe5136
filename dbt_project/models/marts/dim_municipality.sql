with

municipalities as (

    select * from {{ ref('municipalities') }}

),

municipality_kinds as (

    select * from {{ ref('municipality_kinds') }}

),

prefectures as (

    select * from {{ ref('prefectures') }}

),

final as (

    select
        cast(municipalities.municipality_code as varchar) as municipality_code,
        cast(municipalities.municipality_name as varchar) as municipality_name,
        cast(municipalities.municipality_kana as varchar) as municipality_kana,
        cast(municipalities.prefecture_code as varchar) as prefecture_code,
        cast(municipalities.prefecture_name as varchar) as prefecture_name,
        cast(prefectures.prefecture_name_en as varchar) as prefecture_name_en,
        cast(municipalities.kind as varchar) as kind,
        cast(municipality_kinds.label_ja as varchar) as kind_label_ja,
        cast(municipality_kinds.label_en as varchar) as kind_label_en,
        cast(municipalities.designated_city_wards as integer) as designated_city_wards,
        cast(municipalities.designated_city_wards is not null as boolean) as is_designated_city,
        -- u of the standard amount (SPEC §4.3): ward count of a designated city, else 1
        cast(coalesce(municipalities.designated_city_wards, 1) as integer) as standard_units

    from municipalities

    left join municipality_kinds
        on municipality_kinds.code = municipalities.kind

    left join prefectures
        on prefectures.prefecture_code = municipalities.prefecture_code

)

select * from final
