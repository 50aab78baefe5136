-- mart_prefecture_actor_type_quarter: Σ engagements over the 11 actor types equals
-- mart_prefecture_quarter.engagements for every prefecture × period, and the two are NULL together
-- (all 11 type rows NULL, or none).

with

type_sums as (

    select
        prefecture_code,
        fiscal_year,
        quarter,
        sum(engagements) as engagements,
        count(engagements) as types_with_value,
        count(*) as type_rows

    from {{ ref('mart_prefecture_actor_type_quarter') }}

    group by prefecture_code, fiscal_year, quarter

),

prefectures as (

    select * from {{ ref('mart_prefecture_quarter') }}

)

select
    coalesce(prefectures.prefecture_code, type_sums.prefecture_code) as prefecture_code,
    coalesce(prefectures.fiscal_year, type_sums.fiscal_year) as fiscal_year,
    coalesce(prefectures.quarter, type_sums.quarter) as quarter,
    prefectures.engagements as prefecture_engagements,
    type_sums.engagements as type_engagements,
    type_sums.types_with_value,
    type_sums.type_rows

from prefectures

full outer join type_sums
    on type_sums.prefecture_code = prefectures.prefecture_code
    and type_sums.fiscal_year = prefectures.fiscal_year
    and type_sums.quarter = prefectures.quarter

where prefectures.prefecture_code is null
    or type_sums.prefecture_code is null
    or type_sums.engagements is distinct from prefectures.engagements
    or type_sums.types_with_value not in (0, type_sums.type_rows)
