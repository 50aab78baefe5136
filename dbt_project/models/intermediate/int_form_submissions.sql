-- One row per prefecture, form and period with at least one accepted submission
-- (status accepted or superseded): the effective one and whether the first one was on time.

with

submissions as (

    select * from {{ ref('stg_raw__submissions') }}

),

accepted_submissions as (

    select * from submissions

    where is_accepted

),

per_form_period as (

    select
        prefecture_code,
        form,
        fiscal_year,
        quarter,
        period,
        count(*) as accepted_submissions,
        max(submission_id) filter (where is_effective) as effective_submission_id,
        min(received_at) as first_accepted_received_at,
        max(due_at) as due_at

    from accepted_submissions

    group by prefecture_code, form, fiscal_year, quarter, period

),

final as (

    select
        cast(prefecture_code as varchar) as prefecture_code,
        cast(form as varchar) as form,
        cast(fiscal_year as integer) as fiscal_year,
        cast(quarter as integer) as quarter,
        cast(period as varchar) as period,
        cast(accepted_submissions as integer) as accepted_submissions,
        cast(effective_submission_id as varchar) as effective_submission_id,
        cast(first_accepted_received_at as timestamp) as first_accepted_received_at,
        cast(due_at as timestamp) as due_at,
        -- SPEC §2: the first accepted submission received at or before the due instant
        cast(first_accepted_received_at <= due_at as boolean) as is_on_time

    from per_form_period

)

select * from final
