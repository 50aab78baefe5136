{#- Fails on every combination of the given columns that occurs more than once (a compound key). -#}
{% test unique_combination_of_columns(model, combination_of_columns) %}

{%- set columns = combination_of_columns | join(', ') %}

select {{ columns }}, count(*) as occurrences

from {{ model }}

group by {{ columns }}

having count(*) > 1

{% endtest %}
