{#
    Helpers for the intermediate models that aggregate the same formula at three levels at once
    with `group by grouping sets`: municipality, prefecture and the whole country.
    Rows of every level carry `aggregation_level` and `area_code` (the municipality code, the
    prefecture code, or 'JP'), so the levels can be joined with plain equality.
#}

{% macro grouping_sets_by_area(extra_columns=[]) -%}
    {%- set extra = extra_columns | join(', ') -%}
    {%- set tail = ', ' ~ extra if extra else '' -%}
    grouping sets (
        (municipality_code, prefecture_code, fiscal_year, quarter, period{{ tail }}),
        (prefecture_code, fiscal_year, quarter, period{{ tail }}),
        (fiscal_year, quarter, period{{ tail }})
    )
{%- endmacro %}

{% macro aggregation_level() -%}
    -- grouping() sets bit 1 when municipality_code is rolled up and bit 0 for prefecture_code
    case grouping(municipality_code, prefecture_code)
        when 0 then 'municipality'
        when 2 then 'prefecture'
        else 'national'
    end
{%- endmacro %}

{% macro area_code() -%}
    coalesce(municipality_code, prefecture_code, 'JP')
{%- endmacro %}
