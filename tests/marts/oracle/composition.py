"""The prefecture compositions: per domain (supply vs demand), per actor type and per model type (§4.4)."""

from __future__ import annotations

from .indicators import _list, actor_key, ratio
from .spec import ACTOR_TYPES, DOMAINS, MODEL_TYPES, SERVICE_A, period_text
from .state import Oracle


# -- mart_prefecture_domain_quarter -------------------------------------------------------------
def prefecture_domain_quarter(oracle: Oracle) -> list[dict]:
    out = []
    for fy, q in oracle.periods:
        for pref in oracle.prefectures:
            has_roster = oracle.submitted(pref, "actor_roster", fy, q)
            has_survey = oracle.submitted(pref, "survey_responses", fy, q)
            roster = oracle.form_rows("actor_roster", pref, fy, q)
            survey = oracle.form_rows("survey_responses", pref, fy, q)
            for domain in DOMAINS:
                row = {"prefecture_code": pref, "fiscal_year": fy, "quarter": q,
                       "period": period_text(fy, q), "domain_code": domain}
                if has_roster:
                    covering = [r for r in roster if domain in _list(r["domains"])]
                    row["supply_engagements"] = len(covering)
                    row["supply_actors"] = len({actor_key(r) for r in covering})
                else:
                    row["supply_engagements"] = row["supply_actors"] = None
                if has_survey:
                    wanting = [r for r in survey if domain in _list(r["domains_wanted"])]
                    row["demand_respondents"] = len(wanting)
                    row["used_respondents"] = sum(1 for r in survey if domain in _list(r["domains_used"]))
                    unmet = sum(1 for r in wanting if domain not in _list(r["domains_used"]))
                    row["unmet_rate"] = ratio(unmet, len(survey))
                else:
                    row["demand_respondents"] = row["used_respondents"] = row["unmet_rate"] = None
                out.append(row)
    return out

# -- mart_prefecture_actor_type_quarter ---------------------------------------------------------
def prefecture_actor_type_quarter(oracle: Oracle) -> list[dict]:
    """Per type: roster rows of that type, distinct actor keys among them, distinct municipalities.

    All three NULL when the prefecture has no actor_roster for the period (like the §4.3 roster counts);
    0 for a type the submitted roster does not contain.
    """
    out = []
    for fy, q in oracle.periods:
        for pref in oracle.prefectures:
            has_roster = oracle.submitted(pref, "actor_roster", fy, q)
            roster = oracle.form_rows("actor_roster", pref, fy, q)
            for actor_type in ACTOR_TYPES:
                row = {"prefecture_code": pref, "fiscal_year": fy, "quarter": q,
                       "period": period_text(fy, q), "actor_type": actor_type}
                if has_roster:
                    of_type = [r for r in roster if r["actor_type"] == actor_type]
                    row["engagements"] = len(of_type)
                    row["actors"] = len({actor_key(r) for r in of_type})
                    row["municipalities_with_type"] = len({r["municipality_code"] for r in of_type})
                else:
                    row["engagements"] = row["actors"] = row["municipalities_with_type"] = None
                out.append(row)
    return out


# -- mart_prefecture_model_type_quarter ---------------------------------------------------------
def prefecture_model_type_quarter(oracle: Oracle) -> list[dict]:
    """Per model type: service-A roster rows (home_a, day_a) of that type and their distinct municipalities.

    Both NULL without an actor_roster for the period; 0 for a type the submitted roster does not contain.
    """
    out = []
    for fy, q in oracle.periods:
        for pref in oracle.prefectures:
            has_roster = oracle.submitted(pref, "actor_roster", fy, q)
            service_a = [r for r in oracle.form_rows("actor_roster", pref, fy, q)
                         if r["service_category"] in SERVICE_A]
            for model_type in MODEL_TYPES:
                row = {"prefecture_code": pref, "fiscal_year": fy, "quarter": q,
                       "period": period_text(fy, q), "model_type": model_type}
                of_type = [r for r in service_a if r["model_type"] == model_type]
                row["engagements"] = len(of_type) if has_roster else None
                row["municipalities_with_model"] = (len({r["municipality_code"] for r in of_type})
                                                    if has_roster else None)
                out.append(row)
    return out
