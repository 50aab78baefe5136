"""(h) Does a large upload block other sessions? One analyst's session, alone with one officer's upload.

The analyst makes the same small interaction again and again (another period on the overview): first with
nothing else going on, then while a prefecture officer logs in, opens the upload page, puts the large survey
file into it and waits for the outcome. Each of the analyst's interactions is assigned to the phase of the
upload in which it started: the officer opening the page, the file's transfer into the page, or the
validation (button until the outcome is shown). Had validation run on the server's event loop, the analyst's
answers during it would wait for it; that is what SPEC §5 forbids ("validating an upload never blocks other
sessions"). The twenty sessions of `bench.concurrent` measure load; this measures blocking.
"""

from __future__ import annotations

import asyncio
import random
import time
from pathlib import Path

from bench import browser
from bench.dashboards import spread
from bench.wsclient import Session

PAUSE_S = 0.2
IDLE_INTERACTIONS = 30
PHASES = ("opening the upload page", "transfer", "validation")


async def _interaction(session: Session, rng: random.Random) -> tuple[float, float]:
    started = time.perf_counter()
    seconds = await browser.choose(session, "period-select", rng)
    await asyncio.sleep(PAUSE_S)
    return started, seconds * 1000


async def _run(base_url: str, user: str, password: str, path: Path) -> dict:
    rng = random.Random(0)
    analyst = Session(base_url)
    await analyst.open()
    try:
        idle = [ms for _, ms in [await _interaction(analyst, rng) for _ in range(IDLE_INTERACTIONS)]]
        officer = asyncio.create_task(browser.upload(base_url, user, password, path))
        began = time.perf_counter()
        during = []
        while not officer.done():
            during.append(await _interaction(analyst, rng))
        upload = officer.result()
    finally:
        await analyst.close()
    pressed = upload["shown_at"] - upload["validation_s"]
    bounds = (began, pressed - upload["transfer_s"], pressed, upload["shown_at"])
    phases = {name: spread([ms for started, ms in during if low <= started < high])
              for name, low, high in zip(PHASES, bounds[:-1], bounds[1:], strict=True)}
    return {"idle": spread(idle), "phases": phases,
            "upload": {k: upload[k] for k in ("outcome", "bytes", "transfer_s", "validation_s")}}


def run(base_url: str, user: str, password: str, path: Path) -> dict:
    return asyncio.run(_run(base_url, user, password, path))
