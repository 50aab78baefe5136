"""SQL turning the synthetic raw_* tables into the published marts (SPEC §4.3–4.4 formulas)."""

AGGREGATE_SQL = """
CREATE TABLE flags AS
SELECT d.prefecture_code, s.fiscal_year, s.quarter,
  bool_or(a.form = 'municipal_report') IS TRUE AS mr, bool_or(a.form = 'actor_roster') IS TRUE AS ar,
  bool_or(a.form = 'survey_responses') IS TRUE AS sv, bool_or(a.form = 'platform_status') IS TRUE AS ps
FROM dim_prefecture d CROSS JOIN rollout_schedule s
LEFT JOIN raw_accepted a ON a.prefecture_code = d.prefecture_code AND a.fiscal_year = s.fiscal_year
  AND a.quarter = s.quarter
GROUP BY ALL;

CREATE TABLE mart_municipality_quarter AS
SELECT r.municipality_code, m.municipality_name, r.prefecture_code, m.designated_city_wards,
  r.fiscal_year, r.quarter, 'FY' || r.fiscal_year || 'Q' || r.quarter AS period,
  TRUE AS municipal_report_submitted, r.population_65plus,
  CAST(r.partnership_program AS DOUBLE) AS partnership_program_rate, r.town_meetings,
  10000 * r.town_meetings / r.population_65plus AS town_meetings_per_10k_65plus,
  r.participants_orgs / nullif(r.participants_residents + r.participants_orgs, 0) AS org_participant_share,
  r.projects_started, r.pilots_running, r.kayoi_participants / r.population_65plus AS kayoi_participation_rate,
  CAST(r.sc_layer1 AS DOUBLE) AS sc_layer1_rate, r.sc_layer2_areas_covered / r.daily_living_areas AS sc_layer2_coverage,
  CAST(r.council_layer1 AS DOUBLE) AS council_layer1_rate,
  r.council_layer2_areas / r.daily_living_areas AS council_layer2_coverage,
  CASE WHEN f.ar THEN r.engagements END AS engagements, CASE WHEN f.ar THEN r.actors END AS actors,
  CASE WHEN f.ar THEN r.actor_types_present END AS actor_types_present,
  CASE WHEN f.ar THEN r.actor_type_diversity END AS actor_type_diversity,
  CASE WHEN f.ar THEN r.non_traditional_share END AS non_traditional_share,
  CASE WHEN f.ar THEN r.domains_covered / 23 END AS domain_coverage,
  CASE WHEN f.ar THEN r.service_a_engagements END AS service_a_engagements,
  CASE WHEN f.sv THEN r.survey_respondents ELSE 0 END AS survey_respondents,
  CASE WHEN f.sv THEN r.survey_participants / nullif(r.survey_respondents, 0) END AS survey_participation_rate,
  CASE WHEN f.sv THEN r.survey_satisfaction_mean END AS survey_satisfaction_mean,
  8000 * coalesce(nullif(m.designated_city_wards, 0), 1) + 4000 * r.daily_living_areas
    + 4000 * coalesce(nullif(m.designated_city_wards, 0), 1) * CAST(r.partnership_program AS INTEGER)
    AS standard_amount_kyen,
  CAST(sum(r.program_spend_kyen) OVER (PARTITION BY r.municipality_code, r.fiscal_year ORDER BY r.quarter)
    AS BIGINT) AS spend_fy_to_date_kyen
FROM raw_municipal r JOIN dim_municipality m USING (municipality_code, prefecture_code)
JOIN flags f USING (prefecture_code, fiscal_year, quarter);
ALTER TABLE mart_municipality_quarter ADD COLUMN spend_ratio DOUBLE;
UPDATE mart_municipality_quarter SET spend_ratio = spend_fy_to_date_kyen / standard_amount_kyen;

CREATE TABLE pref_sums AS
SELECT prefecture_code, fiscal_year, quarter, count(*) AS n, sum(population_65plus) AS pop,
  sum(partnership_program::INT) AS pp, sum(town_meetings) AS tm, sum(participants_orgs) AS po,
  sum(participants_residents) AS pr, sum(projects_started) AS ps, sum(pilots_running) AS pl,
  sum(kayoi_participants) AS kp, sum(sc_layer1::INT) AS sc1, sum(sc_layer2_areas_covered) AS sc2,
  sum(daily_living_areas) AS areas, sum(council_layer1::INT) AS c1, sum(council_layer2_areas) AS c2,
  sum(engagements) AS eng, sum(actors) AS act, max(actor_types_present) AS types,
  sum(actor_type_diversity * engagements) / sum(engagements) AS div,
  sum(non_traditional_share * engagements) / sum(engagements) AS ntr, max(domains_covered) AS dom,
  sum(service_a_engagements) AS sa, sum((actor_types_present >= 3)::INT) AS diverse,
  sum(survey_respondents) AS resp, sum(survey_participants) AS part,
  sum(survey_satisfaction_mean * survey_respondents) / nullif(sum(survey_respondents), 0) AS sat
FROM raw_municipal GROUP BY ALL;

CREATE TABLE platform_carried AS
SELECT f.prefecture_code, f.fiscal_year, f.quarter, s.target_stage, p.stage, p.member_orgs, p.events,
  p.matches, p.fund_used_kyen,
  last_value(p.stage IGNORE NULLS) OVER (PARTITION BY f.prefecture_code ORDER BY f.fiscal_year, f.quarter
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS platform_stage
FROM flags f JOIN rollout_schedule s USING (fiscal_year, quarter)
LEFT JOIN raw_platform p USING (prefecture_code, fiscal_year, quarter);

CREATE TABLE mart_prefecture_quarter AS
SELECT d.prefecture_code, f.fiscal_year, f.quarter, 'FY' || f.fiscal_year || 'Q' || f.quarter AS period,
  d.municipalities_total, f.mr AS municipal_report_submitted,
  (SELECT bool_or(on_time) FROM mart_submissions x WHERE x.prefecture_code = d.prefecture_code
     AND x.form = 'municipal_report' AND x.fiscal_year = f.fiscal_year AND x.quarter = f.quarter
     AND x.is_first_accepted) AS municipal_report_on_time,
  CASE WHEN f.mr THEN s.n END AS municipalities_reported,
  CASE WHEN f.mr THEN s.n / d.municipalities_total END AS completeness,
  CASE WHEN f.mr THEN s.pp / s.n END AS partnership_program_rate,
  CASE WHEN f.mr THEN s.tm END AS town_meetings,
  CASE WHEN f.mr THEN 10000 * s.tm / s.pop END AS town_meetings_per_10k_65plus,
  CASE WHEN f.mr THEN s.po / nullif(s.po + s.pr, 0) END AS org_participant_share,
  CASE WHEN f.mr THEN s.ps END AS projects_started, CASE WHEN f.mr THEN s.pl END AS pilots_running,
  CASE WHEN f.mr THEN s.kp / s.pop END AS kayoi_participation_rate,
  CASE WHEN f.mr THEN s.sc1 / s.n END AS sc_layer1_rate, CASE WHEN f.mr THEN s.sc2 / s.areas END AS sc_layer2_coverage,
  CASE WHEN f.mr THEN s.c1 / s.n END AS council_layer1_rate,
  CASE WHEN f.mr THEN s.c2 / s.areas END AS council_layer2_coverage,
  CASE WHEN f.ar THEN s.eng END AS engagements, CASE WHEN f.ar THEN s.act END AS actors,
  CASE WHEN f.ar THEN s.types END AS actor_types_present, CASE WHEN f.ar THEN s.div END AS actor_type_diversity,
  CASE WHEN f.ar THEN s.ntr END AS non_traditional_share, CASE WHEN f.ar THEN s.dom / 23 END AS domain_coverage,
  CASE WHEN f.ar THEN s.sa END AS service_a_engagements,
  CASE WHEN f.ar THEN s.diverse / d.municipalities_total END AS diverse_municipality_rate,
  CASE WHEN f.sv THEN coalesce(s.resp, 0) ELSE 0 END AS survey_respondents,
  CASE WHEN f.sv THEN s.part / nullif(s.resp, 0) END AS survey_participation_rate,
  CASE WHEN f.sv THEN s.sat END AS survey_satisfaction_mean,
  c.platform_stage, f.ps AS platform_stage_reported, c.target_stage,
  c.platform_stage - c.target_stage AS stage_gap,
  CASE WHEN c.platform_stage IS NULL THEN 'no_data' WHEN c.platform_stage > c.target_stage THEN 'ahead'
       WHEN c.platform_stage = c.target_stage THEN 'on_track' ELSE 'behind' END AS schedule_status,
  CASE WHEN c.platform_stage IS NOT NULL THEN (SELECT count(*) FROM rollout_schedule r
     WHERE (r.fiscal_year, r.quarter) <= (f.fiscal_year, f.quarter) AND r.target_stage > c.platform_stage)
  END AS quarters_behind,
  c.member_orgs AS platform_member_orgs, c.events AS platform_events, c.matches AS platform_matches,
  c.fund_used_kyen AS platform_fund_used_kyen
FROM flags f JOIN dim_prefecture d USING (prefecture_code)
JOIN platform_carried c USING (prefecture_code, fiscal_year, quarter)
LEFT JOIN pref_sums s USING (prefecture_code, fiscal_year, quarter)
ORDER BY 1, 2, 3;

CREATE TABLE mart_national_quarter AS
SELECT r.fiscal_year, r.quarter, r.period, sum(pp) / sum(n) AS partnership_program_rate,
  sum(tm) AS town_meetings, 10000 * sum(tm) / sum(pop) AS town_meetings_per_10k_65plus,
  sum(kp) / sum(pop) AS kayoi_participation_rate, sum(sc1) / sum(n) AS sc_layer1_rate,
  sum(sc2) / sum(areas) AS sc_layer2_coverage, sum(c1) / sum(n) AS council_layer1_rate,
  sum(c2) / sum(areas) AS council_layer2_coverage, sum(n) / 1741 AS completeness,
  sum(eng) AS engagements, sum(act) AS actors, sum(ntr * eng) / sum(eng) AS non_traditional_share,
  sum(div * eng) / sum(eng) AS actor_type_diversity, sum(part) / nullif(sum(resp), 0) AS survey_participation_rate,
  (SELECT count(*) FILTER (municipal_report_submitted) FROM mart_prefecture_quarter p WHERE p.period = r.period)
    AS prefectures_reporting,
  (SELECT count(*) FILTER (municipal_report_on_time) FROM mart_prefecture_quarter p WHERE p.period = r.period)
    AS prefectures_on_time,
  (SELECT count(*) FILTER (platform_stage = 0) FROM mart_prefecture_quarter p WHERE p.period = r.period)
    AS prefectures_stage_0,
  (SELECT count(*) FILTER (platform_stage = 1) FROM mart_prefecture_quarter p WHERE p.period = r.period)
    AS prefectures_stage_1,
  (SELECT count(*) FILTER (platform_stage = 2) FROM mart_prefecture_quarter p WHERE p.period = r.period)
    AS prefectures_stage_2,
  (SELECT count(*) FILTER (platform_stage = 3) FROM mart_prefecture_quarter p WHERE p.period = r.period)
    AS prefectures_stage_3,
  (SELECT count(*) FILTER (platform_stage = 4) FROM mart_prefecture_quarter p WHERE p.period = r.period)
    AS prefectures_stage_4,
  (SELECT count(*) FILTER (schedule_status IN ('ahead', 'on_track')) FROM mart_prefecture_quarter p
    WHERE p.period = r.period) AS prefectures_on_track_or_ahead,
  r.target_stage
FROM rollout_schedule r LEFT JOIN pref_sums s USING (fiscal_year, quarter)
GROUP BY r.fiscal_year, r.quarter, r.period, r.target_stage ORDER BY 1, 2;

CREATE TABLE mart_prefecture_domain_quarter AS
SELECT d.prefecture_code, d.fiscal_year, d.quarter, 'FY' || d.fiscal_year || 'Q' || d.quarter AS period,
  d.domain_code, d.supply_engagements, d.supply_actors,
  CAST(round(d.wanted_share * p.survey_respondents) AS BIGINT) AS demand_respondents,
  CAST(round(d.used_share * p.survey_respondents) AS BIGINT) AS used_respondents,
  (round(d.wanted_share * p.survey_respondents) - round(d.used_share * p.survey_respondents))
    / nullif(p.survey_respondents, 0) AS unmet_rate
FROM raw_domains d JOIN mart_prefecture_quarter p USING (prefecture_code, fiscal_year, quarter);

DROP TABLE flags; DROP TABLE pref_sums; DROP TABLE platform_carried;
DROP TABLE raw_municipal; DROP TABLE raw_platform; DROP TABLE raw_domains; DROP TABLE raw_accepted;
"""
