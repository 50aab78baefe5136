-- completeness = municipalities_reported / municipalities_total can never exceed 1
-- (a report cannot hold more municipalities than the master has).

select 'prefecture' as level, prefecture_code as area_code, period, completeness
from {{ ref('mart_prefecture_quarter') }}
where completeness > 1

union all

select 'national', 'JP', period, completeness
from {{ ref('mart_national_quarter') }}
where completeness > 1

union all

select 'municipality', municipality_code, period, completeness
from {{ ref('mart_municipality_quarter') }}
where completeness > 1
