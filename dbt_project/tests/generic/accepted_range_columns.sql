{#- accepted_range for several columns of a model sharing the same bounds (inclusive, either optional):
    each failing row names the column and its out-of-range value. -#}
{% test accepted_range_columns(model, columns, min_value=none, max_value=none) %}

{% for column in columns %}
select '{{ column }}' as out_of_range_column, {{ column }}::varchar as out_of_range_value
from {{ model }}
where {{ column }} is not null
    and (
        false
        {%- if min_value is not none %} or {{ column }} < {{ min_value }}{% endif %}
        {%- if max_value is not none %} or {{ column }} > {{ max_value }}{% endif %}
    )
{% if not loop.last %}union all{% endif %}
{% endfor %}

{% endtest %}
