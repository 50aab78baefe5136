"""A small, hand-checkable set of raw.* tables (docs/raw-sources.md) for the mart tests.

Four prefectures have data, over FY2025Q1–FY2025Q3:

* 14 神奈川県 (33 municipalities): 横浜市 141003 (designated city, 18 wards), 川崎市 141305 (7 wards),
  葉山町 143014, 清川村 144029.
* 31 鳥取県 (19 municipalities): 鳥取市 312011, 米子市 312029, 日吉津村 313840.
* 01 北海道 (179 municipalities), FY2025Q1 only: 札幌市 011002 (designated city, 10 wards — a code with
  a leading zero), 苫小牧市 012131; a one-row roster.
* 47 沖縄県 (41 municipalities): one platform_status only (FY2025Q1, stage 0), carried forward.

Due instants (last day of the month after the quarter, 23:59:59 JST) in UTC:
FY2025Q1 2025-07-31 14:59:59 · Q2 2025-10-31 14:59:59 · Q3 2026-01-31 14:59:59 · Q4 2026-04-30 14:59:59.

Scenarios (see SUBMISSIONS):
* resubmission: 14 municipal_report FY2025Q1 — S001 (on time, superseded) then S002 (late, effective);
  only S002's rows are in raw.municipal_report; on time = true (the FIRST accepted one counts).
* boundary: 14 municipal_report FY2025Q2 S011 received exactly at the due instant → on time;
  S012 is a byte-identical `duplicate` of it received later.
* late: 31 municipal_report FY2025Q2 — S013 rejected before the due date, S014 accepted after → late.
* rejected only: 14 municipal_report FY2025Q3 S018 (on time but rejected) → not submitted, on_time NULL;
  spend FY-to-date for 14 FY2025Q3 still sums Q1+Q2.
* a rejected FY2025Q4 file (S025) must not extend the periods; a rejected file whose form and period
  could not be read (S026) has NULL form/period.
* platform_status: 14 Q1 stage 1, Q2 missing (carry 1), Q3 S021 superseded (stage 2) then S022 stage 3;
  31 Q1 1, Q2 1, Q3 missing (carry 1 < target 2 → behind); 47 Q1 stage 0 only (carried to Q3).
* actors: 株式会社ヨコハマ生活 has one corporate number in 横浜市, 川崎市 and 鳥取市 (one actor per
  prefecture; one nationally); 'NPO法人 みなと見守り' and 'ＮＰＯ法人　みなと見守り' (full-width letters,
  U+3000) are one actor in 横浜市 but a different actor in 川崎市; 'NPO法人とっとり' and 'npo法人とっとり'
  differ (no case folding). 横浜市 has 4 actor types, 鳥取市 3 (diverse municipalities).
* survey: respondent IDs repeat across municipalities; blank satisfaction; blank domain lists given both
  as NULL and as an empty list; 14 FY2025Q3 has only blank satisfaction answers.
* 31 FY2025Q3 reports zero meeting participants (org_participant_share 0/0 → NULL).
"""

from __future__ import annotations

from datetime import datetime

# --- corporate numbers (13 digits, valid check digit) ------------------------------------------
CORP_YOKOHAMA_SEIKATSU = "4010001012345"  # 株式会社ヨコハマ生活 (active in 14 and 31)
CORP_YOKOHAMA_FUKUSHI = "8020005008888"  # 社会福祉法人 横浜福祉会
CORP_HAYAMA_KAI = "1030001077777"  # 医療法人 葉山会
CORP_YONAGO_COOP = "1040001123456"  # 米子生協
CORP_YONAGO_FUKUSHI = "9050001234567"  # 社会福祉法人 よなご福祉会


def ts(text: str) -> datetime:
    return datetime.fromisoformat(text)


DUE_UTC = {
    (2025, 1): ts("2025-07-31 14:59:59"),
    (2025, 2): ts("2025-10-31 14:59:59"),
    (2025, 3): ts("2026-01-31 14:59:59"),
    (2025, 4): ts("2026-04-30 14:59:59"),
    (2026, 1): ts("2026-07-31 14:59:59"),
    (2027, 1): ts("2027-07-31 14:59:59"),
}

# (submission_id, form, prefecture, fiscal_year, quarter, received_at UTC, status, rows, errors, warnings)
SUBMISSIONS_SPEC: list[tuple] = [
    ("S001", "municipal_report", "14", 2025, 1, "2025-07-20 01:00:00", "superseded", 3, 0, 1),
    ("S002", "municipal_report", "14", 2025, 1, "2025-08-10 02:00:00", "accepted", 3, 0, 1),
    ("S003", "actor_roster", "14", 2025, 1, "2025-07-21 03:00:00", "accepted", 8, 0, 0),
    ("S004", "survey_responses", "14", 2025, 1, "2025-07-22 04:00:00", "accepted", 5, 0, 0),
    ("S005", "platform_status", "14", 2025, 1, "2025-07-22 05:00:00", "accepted", 1, 0, 0),
    ("S006", "municipal_report", "31", 2025, 1, "2025-07-15 00:30:00", "accepted", 3, 0, 1),
    ("S007", "actor_roster", "31", 2025, 1, "2025-07-15 01:30:00", "accepted", 5, 0, 0),
    ("S008", "survey_responses", "31", 2025, 1, "2025-07-16 02:30:00", "accepted", 3, 0, 0),
    ("S009", "platform_status", "31", 2025, 1, "2025-07-16 03:30:00", "accepted", 1, 0, 0),
    ("S010", "platform_status", "47", 2025, 1, "2025-09-01 06:00:00", "accepted", 1, 0, 0),
    ("S011", "municipal_report", "14", 2025, 2, "2025-10-31 14:59:59", "accepted", 4, 0, 1),
    ("S012", "municipal_report", "14", 2025, 2, "2025-11-05 00:00:00", "duplicate", 4, 0, 1),
    ("S013", "municipal_report", "31", 2025, 2, "2025-10-20 00:00:00", "rejected", 3, 2, 0),
    ("S014", "municipal_report", "31", 2025, 2, "2025-11-03 00:00:00", "accepted", 3, 0, 1),
    ("S015", "actor_roster", "31", 2025, 2, "2025-10-25 00:00:00", "accepted", 1, 0, 0),
    ("S016", "survey_responses", "31", 2025, 2, "2025-10-26 00:00:00", "accepted", 1, 0, 0),
    ("S017", "platform_status", "31", 2025, 2, "2025-10-27 00:00:00", "accepted", 1, 0, 0),
    ("S018", "municipal_report", "14", 2025, 3, "2026-01-10 00:00:00", "rejected", 4, 3, 0),
    ("S019", "actor_roster", "14", 2025, 3, "2026-01-11 00:00:00", "accepted", 4, 0, 0),
    ("S020", "survey_responses", "14", 2025, 3, "2026-01-11 01:00:00", "accepted", 2, 0, 0),
    ("S021", "platform_status", "14", 2025, 3, "2026-01-05 00:00:00", "superseded", 1, 0, 0),
    ("S022", "platform_status", "14", 2025, 3, "2026-01-12 00:00:00", "accepted", 1, 0, 0),
    ("S023", "municipal_report", "31", 2025, 3, "2026-01-20 00:00:00", "accepted", 2, 0, 1),
    ("S024", "survey_responses", "31", 2025, 3, "2026-01-21 00:00:00", "accepted", 2, 0, 0),
    ("S025", "municipal_report", "31", 2025, 4, "2026-03-01 00:00:00", "rejected", 3, 1, 0),
    ("S026", None, "14", None, None, "2026-01-15 00:00:00", "rejected", 0, 1, 0),
    ("S027", "municipal_report", "01", 2025, 1, "2025-07-25 00:00:00", "accepted", 2, 0, 1),
    ("S028", "actor_roster", "01", 2025, 1, "2025-07-25 00:10:00", "accepted", 1, 0, 0),
]


MR_COLUMNS = [
    "municipality_code", "municipality_name", "population_65plus", "daily_living_areas", "sc_layer1_count",
    "sc_layer2_areas_covered", "council_layer1", "council_layer2_areas", "partnership_program", "town_meetings",
    "meeting_participants_residents", "meeting_participants_orgs", "projects_started", "pilots_running",
    "kayoi_participants", "program_spend_kyen",
]

T, F = True, False
# submission_id, prefecture, fy, q → rows:
# code, name, pop65, areas, sc1, sc2, council1, council2, partnership, meetings, residents, orgs,
# projects, pilots, kayoi, spend_kyen
MUNICIPAL_REPORT_SPEC: dict[tuple, list[tuple]] = {
    ("S002", "14", 2025, 1): [
        ("141003", "横浜市", 930000, 146, 18, 140, T, 130, T, 12, 300, 60, 3, 2, 40000, 60000),
        ("141305", "川崎市", 320000, 49, 7, 45, T, 40, F, 5, 120, 30, 1, 1, 15000, 25000),
        ("143014", "葉山町", 11000, 1, 0, 0, F, 0, T, 1, 20, 0, 0, 0, 600, 1500),
    ],
    ("S011", "14", 2025, 2): [
        ("141003", "横浜市", 931000, 146, 18, 142, T, 132, T, 10, 250, 70, 2, 4, 41000, 70000),
        ("141305", "川崎市", 321000, 49, 7, 46, T, 41, T, 6, 130, 40, 2, 2, 15500, 30000),
        ("143014", "葉山町", 11050, 1, 1, 1, T, 1, T, 2, 35, 5, 1, 1, 620, 1600),
        ("144029", "清川村", 1200, 1, 1, 1, F, 0, F, 0, 0, 0, 0, 0, 90, 400),
    ],
    ("S006", "31", 2025, 1): [
        ("312011", "鳥取市", 55000, 10, 1, 8, T, 6, F, 4, 80, 8, 1, 0, 3000, 9000),
        ("312029", "米子市", 43000, 8, 2, 8, T, 8, T, 3, 60, 12, 0, 1, 2500, 7000),
        ("313840", "日吉津村", 900, 1, 0, 0, F, 0, F, 0, 0, 0, 0, 0, 50, 300),
    ],
    ("S014", "31", 2025, 2): [
        ("312011", "鳥取市", 55200, 10, 1, 9, T, 7, T, 5, 90, 15, 2, 1, 3100, 9500),
        ("312029", "米子市", 43100, 8, 2, 8, T, 8, T, 2, 40, 10, 1, 2, 2550, 7200),
        ("313840", "日吉津村", 905, 1, 1, 1, T, 1, F, 1, 15, 0, 0, 0, 60, 350),
    ],
    ("S027", "01", 2025, 1): [
        ("011002", "札幌市", 560000, 87, 10, 80, T, 70, F, 6, 150, 25, 1, 1, 22000, 40000),
        ("012131", "苫小牧市", 50000, 4, 1, 4, T, 4, T, 2, 40, 6, 0, 0, 2000, 5000),
    ],
    ("S023", "31", 2025, 3): [
        ("312011", "鳥取市", 55300, 10, 1, 9, T, 8, T, 0, 0, 0, 0, 1, 3150, 9800),
        ("312029", "米子市", 43200, 8, 2, 8, T, 8, T, 0, 0, 0, 0, 2, 2600, 7400),
    ],
}

# code, actor_name, corporate_number, actor_type, domains, service_category, model_type, start_month
ACTOR_ROSTER_SPEC: dict[tuple, list[tuple]] = {
    ("S003", "14", 2025, 1): [
        ("141003", "株式会社ヨコハマ生活", CORP_YOKOHAMA_SEIKATSU, "company", ["shopping", "mobility"],
         "other_support", None, "2024-10"),
        ("141003", "NPO法人 みなと見守り", None, "npo", ["watching"], "home_a", "1-2", "2025-04"),
        ("141003", "社会福祉法人 横浜福祉会", CORP_YOKOHAMA_FUKUSHI, "social_welfare", ["care", "meals"],
         "day_a", "1-1", None),
        # a model type given for a category other than service A (a warning at intake): in no model-type count
        ("141003", "港北区自治会連合会", None, "neighborhood_assoc", ["gathering_place", "intergenerational"],
         "home_b", "2", None),
        ("141003", "ＮＰＯ法人\u3000みなと見守り", None, "npo", ["cleaning"], "home_b", None, None),
        ("141305", "株式会社ヨコハマ生活 川崎支店", CORP_YOKOHAMA_SEIKATSU, "company", ["shopping"], "outside",
         None, None),
        ("141305", "NPO法人みなと見守り", None, "npo", ["watching"], "other_support", None, None),
        ("143014", "医療法人 葉山会", CORP_HAYAMA_KAI, "medical", ["medical_care", "health"], "day_c", None,
         None),
    ],
    ("S019", "14", 2025, 3): [
        ("141003", "株式会社ヨコハマ生活", CORP_YOKOHAMA_SEIKATSU, "company", ["shopping", "mobility"],
         "other_support", None, None),
        ("141003", "港北ボランティア\u3000の会", None, "volunteer_group", ["gathering_place"], "home_b", None,
         None),
        ("141003", "NPO法人みなと見守り", None, "npo", ["watching"], "home_a", "1-2", None),
        ("143014", "葉山 町内会", None, "neighborhood_assoc", ["disaster_crime_prevention"], "outside", None,
         None),
    ],
    ("S007", "31", 2025, 1): [
        ("312011", "ヨコハマ生活 鳥取店", CORP_YOKOHAMA_SEIKATSU, "company", ["shopping"], "outside", None, None),
        ("312011", "とっとり助け合いの会", None, "volunteer_group", ["cleaning", "laundry", "cooking"], "home_b",
         None, None),
        ("312011", "NPO法人とっとり", None, "npo", ["watching"], "home_a", "1-3", None),
        ("312011", "npo法人とっとり", None, "npo", ["watching"], "day_a", None, None),
        ("312029", "米子生協", CORP_YONAGO_COOP, "coop", ["meals", "shopping"], "other_support", None, None),
    ],
    ("S028", "01", 2025, 1): [
        ("011002", "さっぽろ見守りネット", None, "npo", ["watching"], "home_a", None, None),
    ],
    ("S015", "31", 2025, 2): [
        ("312029", "社会福祉法人 よなご福祉会", CORP_YONAGO_FUKUSHI, "social_welfare", ["care"], "day_a", "1-1",
         None),
    ],
}

# code, respondent_id, age_band, participates, domains_used, domains_wanted, satisfaction
SURVEY_SPEC: dict[tuple, list[tuple]] = {
    ("S004", "14", 2025, 1): [
        ("141003", "R001", "65-69", T, ["shopping"], ["shopping", "mobility"], 4),
        ("141003", "R002", "70-74", F, None, ["watching"], None),
        ("141003", "R003", "85+", T, ["care"], [], 5),
        ("141305", "R001", "75-79", F, [], ["mobility"], 2),
        ("141305", "R002", "80-84", T, ["mobility"], ["mobility", "cleaning"], None),
    ],
    ("S020", "14", 2025, 3): [
        ("141003", "R001", "65-69", F, [], ["shopping"], None),
        ("143014", "R001", "70-74", F, ["shopping"], ["shopping"], None),
    ],
    ("S008", "31", 2025, 1): [
        ("312011", "T001", "70-74", T, ["shopping"], ["cleaning"], 3),
        ("312011", "T002", "85+", F, None, None, 1),
        ("312029", "T001", "65-69", T, ["meals"], ["meals", "shopping"], None),
    ],
    ("S016", "31", 2025, 2): [
        ("312029", "Y1", "75-79", T, [], ["care"], 5),
    ],
    ("S024", "31", 2025, 3): [
        ("312011", "T001", "80-84", F, ["watching"], ["watching", "mobility"], 4),
        ("313840", "H1", "65-69", T, None, ["mobility"], 3),
    ],
}

# stage, member_orgs, events, trainings, matches, fund_used_kyen, linked_national
PLATFORM_SPEC: dict[tuple, tuple] = {
    ("S005", "14", 2025, 1): (1, 12, 2, 1, 3, 500, T),
    ("S009", "31", 2025, 1): (1, 5, 1, 0, 0, 0, F),
    ("S010", "47", 2025, 1): (0, 0, 0, 0, 0, 0, F),
    ("S017", "31", 2025, 2): (1, 8, 2, 1, 2, 300, F),
    ("S022", "14", 2025, 3): (3, 20, 4, 2, 7, 1200, T),
}


# --- extended fixture: the base one plus later periods (FY2025Q4 … FY2027Q1) -------------------------
# * due-instant traps for FY2025Q4 (due 2026-04-30 23:59:59 JST = 14:59:59 UTC):
#   S102 (14) received 0.5 s after the instant → late; S101 (31) received 2026-04-30 20:00 UTC
#   (= 2026-05-01 05:00 JST) → late, although "on time" if UTC were compared with JST wall time.
# * S103: 31 FY2026Q1 report → the FY-to-date spend restarts in FY2026.
# * platform: 14 FY2026Q1 stage 3 (target 3); 31 FY2027Q1 stage 4 (a "later" period: target 4);
#   FY2026Q2–Q4 have no submission at all but are covered (periods run to the latest, FY2027Q1).
EXTENDED_SUBMISSIONS: list[tuple] = [
    ("S101", "municipal_report", "31", 2025, 4, "2026-04-30 20:00:00", "accepted", 2, 0, 1),
    ("S102", "municipal_report", "14", 2025, 4, "2026-04-30 14:59:59.500000", "accepted", 1, 0, 1),
    ("S103", "municipal_report", "31", 2026, 1, "2026-07-10 00:00:00", "accepted", 2, 0, 1),
    ("S104", "platform_status", "14", 2026, 1, "2026-07-11 00:00:00", "accepted", 1, 0, 0),
    ("S105", "platform_status", "31", 2027, 1, "2027-07-12 00:00:00", "accepted", 1, 0, 0),
]
EXTENDED_MUNICIPAL_REPORT: dict[tuple, list[tuple]] = {
    ("S101", "31", 2025, 4): [
        ("312011", "鳥取市", 55400, 10, 1, 9, T, 8, T, 3, 50, 10, 1, 1, 3200, 12000),
        ("312029", "米子市", 43300, 8, 2, 8, T, 8, T, 2, 30, 5, 0, 2, 2650, 8000),
    ],
    ("S102", "14", 2025, 4): [
        ("141003", "横浜市", 932000, 146, 18, 143, T, 133, T, 9, 200, 50, 1, 3, 41500, 90000),
    ],
    ("S103", "31", 2026, 1): [
        ("312011", "鳥取市", 56000, 11, 1, 10, T, 9, T, 4, 70, 10, 1, 1, 3300, 11000),
        ("312029", "米子市", 43500, 8, 2, 8, T, 8, F, 1, 20, 2, 0, 1, 2700, 8000),
    ],
}
EXTENDED_PLATFORM: dict[tuple, tuple] = {
    ("S104", "14", 2026, 1): (3, 25, 3, 1, 5, 900, T),
    ("S105", "31", 2027, 1): (4, 30, 6, 2, 9, 1500, T),
}
