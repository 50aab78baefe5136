"""The actor roster: who engages in each municipality, from when, in which domains and services.

Engagements are drawn once per municipality for the whole run (with a start and sometimes an end
period); the roster of a period is the list active at quarter end, so it grows over time, and
companies join later than the traditional care providers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pipelines.core.reference import prefectures
from pipelines.demo.rng import corporate_number, stream
from pipelines.demo.world import World

TYPES = [
    "company",
    "npo",
    "social_welfare",
    "medical",
    "coop",
    "workers_coop",
    "rural_rmo",
    "neighborhood_assoc",
    "volunteer_group",
    "education",
    "other",
]
_WEIGHTS = {  # by municipality kind; order of TYPES
    "urban": [0.19, 0.12, 0.17, 0.10, 0.05, 0.02, 0.00, 0.11, 0.12, 0.04, 0.08],
    "city": [0.17, 0.12, 0.17, 0.10, 0.06, 0.02, 0.02, 0.12, 0.12, 0.03, 0.07],
    "rural": [0.10, 0.08, 0.20, 0.08, 0.08, 0.02, 0.09, 0.15, 0.13, 0.01, 0.06],
}
_EXISTING = {"social_welfare": 0.8, "medical": 0.75, "company": 0.3, "workers_coop": 0.2}  # else 0.55
_INCORPORATED = {
    "company": 0.93,
    "npo": 0.92,
    "social_welfare": 0.95,
    "medical": 0.93,
    "coop": 0.95,
    "workers_coop": 0.9,
    "rural_rmo": 0.2,
    "neighborhood_assoc": 0.04,
    "volunteer_group": 0.0,
    "education": 0.7,
    "other": 0.5,
}
_DOMAINS = {  # domain code → weight, by actor type
    "company": {
        "shopping": 5,
        "mobility": 4,
        "meals": 3,
        "watching": 2,
        "employment": 2,
        "cleaning": 1,
        "housing": 1,
        "health": 1,
        "community_development": 1,
    },
    "npo": {
        "watching": 3,
        "gathering_place": 3,
        "cleaning": 2,
        "shopping": 2,
        "mobility": 2,
        "meals": 2,
        "intergenerational": 2,
        "volunteering": 2,
        "learning": 1,
        "culture_arts": 1,
    },
    "social_welfare": {
        "care": 5,
        "watching": 4,
        "meals": 3,
        "gathering_place": 3,
        "health": 2,
        "volunteering": 2,
        "cleaning": 1,
        "housing": 1,
    },
    "medical": {"health": 5, "medical_care": 5, "care": 3, "watching": 1, "sports_recreation": 1},
    "coop": {"shopping": 5, "meals": 4, "watching": 3, "cooking": 1, "farmland": 1},
    "workers_coop": {"cleaning": 3, "care": 2, "employment": 3, "laundry": 2, "cooking": 1},
    "rural_rmo": {
        "farmland": 4,
        "mobility": 3,
        "shopping": 3,
        "succession": 2,
        "community_development": 3,
        "watching": 2,
        "environment": 1,
    },
    "neighborhood_assoc": {
        "watching": 5,
        "disaster_crime_prevention": 4,
        "gathering_place": 3,
        "environment": 2,
        "community_development": 2,
        "intergenerational": 1,
    },
    "volunteer_group": {
        "gathering_place": 4,
        "cleaning": 3,
        "watching": 3,
        "cooking": 2,
        "laundry": 1,
        "volunteering": 3,
        "shopping": 1,
        "sports_recreation": 1,
    },
    "education": {"learning": 5, "intergenerational": 4, "health": 2, "sports_recreation": 2, "culture_arts": 2},
    "other": {
        "community_development": 3,
        "employment": 3,
        "volunteering": 2,
        "culture_arts": 2,
        "sports_recreation": 2,
        "succession": 1,
        "housing": 1,
    },
}
_CATEGORIES = {  # service category → weight, by actor type (filtered by what the municipality runs)
    "company": {"home_a": 2, "day_a": 1, "home_d": 0.5, "other_support": 2, "outside": 4},
    "npo": {"home_a": 2, "day_a": 2, "home_b": 2, "day_b": 2, "home_d": 1, "other_support": 2, "outside": 1},
    "social_welfare": {"day_a": 3, "home_a": 2, "day_c": 1, "home_b": 0.5, "other_support": 2, "outside": 0.5},
    "medical": {"day_c": 3, "home_c": 2, "day_a": 1, "other_support": 1, "outside": 1},
    "coop": {"home_a": 1, "other_support": 3, "outside": 2},
    "workers_coop": {"home_a": 2, "day_a": 1, "other_support": 2, "outside": 1},
    "rural_rmo": {"home_b": 1, "day_b": 1, "home_d": 2, "other_support": 3, "outside": 1},
    "neighborhood_assoc": {"day_b": 1, "other_support": 4, "outside": 2},
    "volunteer_group": {"home_b": 2, "day_b": 2, "other_support": 3, "outside": 1},
    "education": {"day_c": 1, "other_support": 1, "outside": 3},
    "other": {"day_a": 0.5, "other_support": 2, "outside": 3},
}
_MODELS = {
    "company": ["1-1", "1-3"],
    "npo": ["1-2", "1-3"],
    "social_welfare": ["1-2", "2"],
    "medical": ["2"],
    "coop": ["1-1", "1-2"],
    "workers_coop": ["1-3", "1-2"],
    "other": ["1-2"],
}

PLACES = [
    "本町",
    "栄町",
    "緑町",
    "旭町",
    "東町",
    "西町",
    "南町",
    "北町",
    "中央",
    "桜ケ丘",
    "緑が丘",
    "若葉台",
    "日の出町",
    "朝日町",
    "新町",
    "元町",
    "大町",
    "上町",
    "宮前",
    "城南",
    "城北",
    "駅前",
    "港町",
    "松原",
    "桜台",
    "青葉台",
    "若松町",
    "寿町",
    "平和町",
    "幸町",
    "昭和町",
    "中島",
    "下川原",
    "山手",
    "川端",
]
WORDS = [
    "愛光",
    "清風",
    "寿",
    "希望",
    "和光",
    "慈恵",
    "光明",
    "緑風",
    "福寿",
    "桜花",
    "陽光",
    "恵友",
    "松籟",
    "白鳩",
    "すずらん",
    "ひまわり",
    "あおば",
    "なごみ",
    "やすらぎ",
    "つくし",
    "ほほえみ",
    "かがやき",
]
SURNAMES = [
    "佐藤",
    "鈴木",
    "高橋",
    "田中",
    "伊藤",
    "渡辺",
    "山本",
    "中村",
    "小林",
    "加藤",
    "吉田",
    "山田",
    "佐々木",
    "山口",
    "松本",
    "井上",
    "木村",
    "林",
    "斎藤",
    "清水",
]
CHAINS = [
    "株式会社ひまわりマート",
    "株式会社あおば配食サービス",
    "ふれあい交通株式会社",
    "株式会社みどり薬局",
    "株式会社さくらライフサポート",
    "ことぶき生命保険株式会社",
    "株式会社なごみ移動販売",
    "つばさ電力株式会社",
]


@dataclass(frozen=True)
class Engagement:
    municipality_code: str
    actor_name: str
    corporate_number: str  # '' when not given
    actor_type: str
    domains: tuple[str, ...]
    service_category: str
    model_type: str  # '' when not given
    start: tuple[int, int] | None  # (year, month)
    first: int  # first active period position (−1 = before the run)
    last: int  # last active period position (inclusive)


def _stem(name: str) -> str:
    return name[:-1] if len(name) > 2 and name[-1] in "市町村区" else name


def _pref_short(name: str) -> str:
    return name if name == "北海道" else name[:-1]


class _Registry:
    """Corporate numbers: one per incorporated actor, unique, valid check digit, deterministic."""

    def __init__(self, seed: int):
        self.rng = stream(seed, "corporate-numbers")
        self.by_key: dict[str, str] = {}
        self.used: set[str] = set()

    def number(self, key: str, office: str, form: str) -> str:
        if key not in self.by_key:
            while True:
                body = f"{office}{form}{int(self.rng.integers(0, 1_000_000)):06d}"
                if body not in self.used:
                    break
            self.used.add(body)
            self.by_key[key] = corporate_number(body)
        return self.by_key[key]


_FORM_CODE = {
    "company": "01",
    "npo": "05",
    "social_welfare": "05",
    "medical": "05",
    "coop": "05",
    "workers_coop": "05",
    "rural_rmo": "05",
    "neighborhood_assoc": "05",
    "education": "05",
    "other": "05",
}


def _name(rng: np.random.Generator, kind: str, stem: str, pref: str, shared: bool) -> tuple[str, str]:
    """(actor name, identity key scope: 'muni' | 'pref' | 'nation')."""
    pick = lambda items: items[int(rng.integers(len(items)))]  # noqa: E731
    if kind == "company" and shared:
        return pick(CHAINS), "nation"
    if kind == "coop" and shared:
        return f"生活協同組合コープ{pref}", "pref"
    if kind == "education" and shared:
        return f"国立大学法人{pref}大学", "pref"
    if kind in ("social_welfare", "medical", "npo") and shared:
        return {
            "social_welfare": f"社会福祉法人{pick(WORDS)}会",
            "medical": f"医療法人{pick(WORDS)}会",
            "npo": f"NPO法人{pref}{pick(['在宅福祉', 'ささえあい', '移動支援'])}ネットワーク",
        }[kind], "pref"
    options = {
        "company": [
            f"株式会社{stem}ストア",
            f"{stem}交通株式会社",
            f"株式会社{pick(SURNAMES)}商店",
            f"有限会社{pick(SURNAMES)}工務店",
            f"株式会社{stem}タクシー",
            f"株式会社{pick(WORDS)}ケアサービス",
            f"{stem}ガス株式会社",
            f"株式会社{pick(SURNAMES)}薬局",
            f"株式会社{stem}スーパー",
        ],
        "npo": [
            f"NPO法人{stem}ささえあいの会",
            f"特定非営利活動法人{pick(WORDS)}の会",
            f"NPO法人{pick(PLACES)}みまもりネット",
            f"NPO法人{stem}移送サービス",
        ],
        "social_welfare": [f"社会福祉法人{stem}福祉会", f"社会福祉法人{pick(WORDS)}会"],
        "medical": [f"医療法人{pick(WORDS)}会", f"医療法人社団{pick(SURNAMES)}会"],
        "coop": [f"{stem}農業協同組合", f"生活協同組合{stem}"],
        "workers_coop": [f"労働者協同組合{stem}ワーカーズ", f"労働者協同組合{pick(WORDS)}"],
        "rural_rmo": [f"{pick(PLACES)}地域づくり協議会", f"{pick(PLACES)}地区振興会"],
        "neighborhood_assoc": [
            f"{pick(PLACES)}町内会",
            f"{pick(PLACES)}自治会",
            f"{pick(PLACES)}{int(rng.integers(1, 6))}丁目町内会",
        ],
        "volunteer_group": [
            f"{stem}ボランティア連絡会",
            f"{pick(PLACES)}おたすけ隊",
            f"{pick(PLACES)}ふれあいサロンの会",
            f"{pick(WORDS)}の会",
        ],
        "education": [f"学校法人{pick(WORDS)}学園", f"{pref}立{stem}高等学校"],
        "other": [
            f"{stem}商工会",
            f"{stem}商店街振興組合",
            f"{pick(PLACES)}老人クラブ",
            f"一般社団法人{stem}観光協会",
            f"公益社団法人{stem}シルバー人材センター",
        ],
    }[kind]
    return pick(options), "muni"


def build_engagements(world: World, per_municipality: float) -> list[Engagement]:
    seed, n_p = world.seed, len(world.periods)
    registry = _Registry(seed)
    pref_names = {code: _pref_short(p.name) for code, p in prefectures().items()}
    weight = world.size**0.45
    targets = np.clip(np.rint(per_municipality * weight / weight.mean()), 2, 200).astype(int)
    rng_cat = stream(seed, "service-menu")
    p_a = np.clip(0.45 * world.size**0.1, 0, 0.98)
    menus = {
        "home_a": rng_cat.random(len(world.munis)) < p_a * 0.95,
        "day_a": rng_cat.random(len(world.munis)) < p_a,
        "home_b": rng_cat.random(len(world.munis)) < 0.12,
        "day_b": rng_cat.random(len(world.munis)) < 0.16,
        "home_c": rng_cat.random(len(world.munis)) < 0.38,
        "day_c": rng_cat.random(len(world.munis)) < 0.42,
        "home_d": rng_cat.random(len(world.munis)) < 0.08,
    }
    out: list[Engagement] = []
    for i, muni in enumerate(world.munis):
        rng = stream(seed, "roster", muni.code)
        stem, pref = _stem(muni.name), pref_names[muni.prefecture_code]
        group = (
            "urban"
            if muni.kind == "special_ward" or (muni.designated_city_wards or 0) > 0
            else "city"
            if muni.kind == "city"
            else "rural"
        )
        menu = [c for c, have in menus.items() if have[i]] + ["other_support", "outside"]
        seen: set[str] = set()
        for j in range(int(targets[i])):
            kind = "social_welfare" if j == 0 else TYPES[int(rng.choice(11, p=_WEIGHTS[group]))]
            name, scope = f"{muni.name}社会福祉協議会", "muni"  # every municipality has its council (社協)
            for _ in range(4 if j else 0):
                shared = rng.random() < {"company": 0.3, "coop": 0.5, "education": 0.3}.get(kind, 0.2)
                name, scope = _name(rng, kind, stem, pref, shared)
                if name not in seen:
                    break
            if name in seen:
                continue
            seen.add(name)
            key = {"nation": name, "pref": f"{muni.prefecture_code}:{name}", "muni": f"{muni.code}:{name}"}[scope]
            corp = ""
            if rng.random() < _INCORPORATED[kind] and not name.endswith(("高等学校", "老人クラブ")):
                office = "0" + muni.prefecture_code + "1" if scope != "nation" else "0100"
                corp = registry.number(key, office, _FORM_CODE[kind])
                if rng.random() < 0.07:
                    corp = ""  # incorporated, but the officer left it blank
            weights = _DOMAINS[kind]
            codes = list(weights)
            p = np.array([weights[c] for c in codes], float)
            k = min(len(codes), int(rng.choice([1, 2, 3, 4], p=[0.3, 0.35, 0.22, 0.13])))
            domains = tuple(codes[x] for x in sorted(rng.choice(len(codes), k, replace=False, p=p / p.sum())))
            cats = {c: w for c, w in _CATEGORIES[kind].items() if c in menu}
            cat_codes = list(cats)
            cp = np.array([cats[c] for c in cat_codes], float)
            category = cat_codes[int(rng.choice(len(cat_codes), p=cp / cp.sum()))]
            model = ""
            if category in ("home_a", "day_a") and kind in _MODELS and rng.random() < 0.65:
                model = _MODELS[kind][int(rng.integers(len(_MODELS[kind])))]
            existing = rng.random() < _EXISTING.get(kind, 0.55)
            first = -1 if existing else int(rng.integers(0, n_p))
            last = n_p - 1
            if rng.random() < 0.07:
                last = int(rng.integers(max(first, 0), n_p))
            if existing:
                start = (int(rng.integers(2016, 2025)), int(rng.integers(1, 13)))
            else:
                fy, q = world.periods[first]
                month = 4 + 3 * (q - 1) + int(rng.integers(0, 3))
                start = (fy + (month - 1) // 12, (month - 1) % 12 + 1)
            if rng.random() < 0.1:
                start = None
            out.append(Engagement(muni.code, name, corp, kind, domains, category, model, start, first, last))
    return out
