-- The submission register (SPEC §3.7) for the submissions page: every submission, whatever its status.

with

submissions as (

    select * from {{ ref('stg_raw__submissions') }}

),

prefectures as (

    select * from {{ ref('dim_prefecture') }}

),

forms as (

    select * from {{ ref('forms') }}

),

ranked as (

    select
        *,
        -- the first accepted submission of a prefecture, form and period decides on-time (SPEC §2)
        is_accepted
        and row_number() over (
            partition by prefecture_code, form, period, is_accepted
            order by received_at, submission_id
        ) = 1 as is_first_accepted

    from submissions

),

final as (

    select
        cast(ranked.submission_id as varchar) as submission_id,
        cast(ranked.form as varchar) as form,
        cast(forms.label_ja as varchar) as form_label_ja,
        cast(forms.label_en as varchar) as form_label_en,
        cast(ranked.prefecture_code as varchar) as prefecture_code,
        cast(prefectures.prefecture_name as varchar) as prefecture_name,
        cast(prefectures.prefecture_name_en as varchar) as prefecture_name_en,
        cast(ranked.fiscal_year as integer) as fiscal_year,
        cast(ranked.quarter as integer) as quarter,
        cast(ranked.period as varchar) as period,
        cast(ranked.received_at as timestamp) as received_at,
        cast(ranked.received_at + interval 9 hour as timestamp) as received_at_jst,
        cast(ranked.due_at as timestamp) as due_at,
        cast(ranked.due_at + interval 9 hour as timestamp) as due_at_jst,
        cast(ranked.received_at <= ranked.due_at as boolean) as is_on_time,
        cast(ranked.status as varchar) as status,
        cast(ranked.is_effective as boolean) as is_effective,
        cast(ranked.is_accepted as boolean) as is_accepted,
        cast(ranked.is_first_accepted as boolean) as is_first_accepted,
        cast(ranked.user_name as varchar) as user_name,
        cast(ranked.file_name as varchar) as file_name,
        cast(ranked.sha256 as varchar) as sha256,
        cast(ranked.row_count as integer) as row_count,
        cast(ranked.error_count as integer) as error_count,
        cast(ranked.warning_count as integer) as warning_count,
        cast(ranked.note as varchar) as note,
        cast(ranked.withdrawn_at as timestamp) as withdrawn_at,
        cast(ranked.withdrawn_at + interval 9 hour as timestamp) as withdrawn_at_jst,
        cast(ranked.withdrawn_by as varchar) as withdrawn_by,
        cast(ranked.withdrawal_reason as varchar) as withdrawal_reason

    from ranked

    left join prefectures
        on prefectures.prefecture_code = ranked.prefecture_code

    left join forms
        on forms.code = ranked.form

)

select * from final
