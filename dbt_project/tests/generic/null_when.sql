{#- Fails on rows where the column has a value although `condition` holds (SPEC §4.3 NULL rules). -#}
{% test null_when(model, column_name, condition) %}

select *

from {{ model }}

where ({{ condition }}) and {{ column_name }} is not null

{% endtest %}
