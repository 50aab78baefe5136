"""Portal fixtures: a ministry account and two prefecture accounts in empty raw/data folders."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from pipelines.portal import accounts

TOTTORI, SHIMANE = "31", "32"


@dataclass(frozen=True)
class Users:
    ministry: accounts.Account
    tottori: accounts.Account
    shimane: accounts.Account
    passwords: dict[str, str]


@pytest.fixture
def users(kyoso_dirs) -> Users:
    created = {
        name: accounts.add_account(name, role, prefecture, actor="operator:test")
        for name, role, prefecture in (
            ("mhlw-analyst", accounts.MINISTRY, None),
            ("tottori-officer", accounts.PREFECTURE, TOTTORI),
            ("shimane-officer", accounts.PREFECTURE, SHIMANE),
        )
    }
    return Users(
        created["mhlw-analyst"][0],
        created["tottori-officer"][0],
        created["shimane-officer"][0],
        {name: password for name, (_, password) in created.items()},
    )
