{#- Fails on rows where the column is NULL although `condition` holds (a conditional not_null). -#}
{% test not_null_when(model, column_name, condition) %}

select *

from {{ model }}

where ({{ condition }}) and {{ column_name }} is null

{% endtest %}
