{#- Fails on every non-NULL value outside [min_value, max_value] (bounds inclusive, either optional).
    Used for rates in [0, 1], stages 0–4, quarters 1–4 and non-negative counts. -#}
{% test accepted_range(model, column_name, min_value=none, max_value=none) %}

select {{ column_name }} as out_of_range_value

from {{ model }}

where {{ column_name }} is not null
    and (
        false
        {%- if min_value is not none %} or {{ column_name }} < {{ min_value }}{% endif %}
        {%- if max_value is not none %} or {{ column_name }} > {{ max_value }}{% endif %}
    )

{% endtest %}
