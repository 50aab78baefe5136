-- indicator_catalog: one row for every indicator column of the indicator marts, and no row that
-- names a column none of them has (the dashboards take labels and definitions from it). Rows of source
-- form 'classification' define the municipality profile's peer classes and name no column.

{%- set marts = [
    ref('mart_prefecture_quarter'), ref('mart_municipality_quarter'),
    ref('mart_national_quarter'), ref('mart_prefecture_domain_quarter'),
    ref('mart_prefecture_model_type_quarter'), ref('mart_prefecture_stage_projection'),
] %}
{%- set key_columns = [
    'prefecture_code', 'municipality_code', 'fiscal_year', 'quarter', 'period', 'domain_code',
    'municipality_name', 'designated_city_wards', 'model_type', 'stage',
] %}

with

mart_columns as (

    select distinct column_name as code

    from information_schema.columns

    where table_schema = '{{ target.schema }}'
        and table_name in (
            {%- for mart in marts %}
            '{{ mart.identifier }}'{{ ',' if not loop.last }}
            {%- endfor %}
        )
        and column_name not in (
            {%- for column in key_columns %}
            '{{ column }}'{{ ',' if not loop.last }}
            {%- endfor %}
        )

),

catalog as (

    select code from {{ ref('indicator_catalog') }}

    where source_form <> 'classification'

)

select coalesce(mart_columns.code, catalog.code) as code,
    case when catalog.code is null then 'missing from catalog' else 'not a mart column' end as problem

from mart_columns

full outer join catalog
    on catalog.code = mart_columns.code

where mart_columns.code is null
    or catalog.code is null
