{#- Consecutive number of a fiscal quarter (FY2025Q1 = 8100, FY2025Q2 = 8101 …), for ordering and as-of joins. -#}
{% macro quarter_ordinal(fiscal_year, quarter) -%}
    ({{ fiscal_year }} * 4 + {{ quarter }} - 1)
{%- endmacro %}

{#- Period text ('FY2026Q1') of a quarter ordinal; NULL stays NULL. -#}
{% macro period_of_ordinal(ordinal) -%}
    ('FY' || ({{ ordinal }}) // 4 || 'Q' || ({{ ordinal }}) % 4 + 1)
{%- endmacro %}
