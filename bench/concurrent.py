"""(h) Twenty analysts at once while a prefecture uploads a 50 MB survey file, against the dashboards at one URL:
nginx in front of two `kyoso serve` processes as deployed (`bench.proxy`), or one `kyoso serve`.

Every analyst is a real dashboard session (`bench.wsclient`: HTTP, then the Bokeh websocket), opened at the
same moment as the others. Then, together: the analysts make the interaction mix (`bench.browser.step`,
each after a think time of 1–3 s, the first one too), while an officer logs in, opens the upload page, puts
the file into it and presses 「検証して提出」. The analysts go on until the officer sees the outcome and at
least `min_window_s` has passed; then they close. That is one round; the bench runs several, each with a new
file, on the same servers.

The headline figures are over the interactions that started while a round's upload was under way (from the
officer's login until the outcome is shown), pooled over the rounds; the figures over the whole windows are
given too. Errors: interactions without an answer, sessions that failed to open, and tracebacks the servers
logged meanwhile.
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from tornado.httpclient import HTTPClientError

from bench import browser
from bench.dashboards import percentile, spread
from bench.procs import CpuSampler
from bench.wsclient import Session, SessionError

THINK_S = (1.0, 3.0)


@dataclass
class Record:
    kind: str
    started: float
    seconds: float
    first_answer_s: float | None  # until the first visible change (e.g. a loading state), if any
    complete_s: float  # a page opened: until its parts below the first screen are made too; else `seconds`


@dataclass
class Window:
    upload_started: float = 0.0
    upload_shown: float = float("inf")
    stop: bool = False
    records: list[Record] = field(default_factory=list)
    openings: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


async def _open(base_url: str, window: Window, analyst: tuple[str, str] | None) -> Session | None:
    session = Session(base_url)
    try:
        if analyst:  # where every page needs a login (the deployment's setting), each analyst logs in first
            await session.log_in(*analyst)
        window.openings.append(await session.open())
    except (TimeoutError, SessionError, OSError, HTTPClientError) as error:
        window.errors.append(f"open: {error}")
        await session.close()
        return None
    return session


async def _analyst(session: Session, seed: int, window: Window) -> None:
    rng = random.Random(seed)
    page = "overview"
    while True:
        # she reads what she sees before each click, the first too: without this all the analysts' first
        # clicks left in the same 10 ms, an instant no twenty people share, and made the top 5 % of (h)
        await asyncio.sleep(rng.uniform(*THINK_S))
        if window.stop:
            break
        started = time.perf_counter()
        try:
            session, page, kind, seconds = await browser.step(session, page, rng)
            window.records.append(Record(kind, started, seconds, session.first_answer_s, session.complete_s))
        except (TimeoutError, SessionError, OSError, HTTPClientError) as error:
            window.errors.append(f"{page}: {type(error).__name__}: {error}")
    window.errors.extend(f"server: {text}" for text in session.server_errors)
    await session.close()


async def _officer(base_url: str, user: str, password: str, path: Path, window: Window) -> dict:
    window.upload_started = time.perf_counter()
    try:
        return await browser.upload(base_url, user, password, path)
    finally:
        window.upload_shown = time.perf_counter()


def _figures(records: list[Record]) -> dict:
    if not records:
        return {"n": 0}
    first = [r.first_answer_s * 1000 for r in records if r.first_answer_s is not None]
    return spread([r.seconds * 1000 for r in records]) | {
        "first_answer_p95_ms": percentile(first, 0.95) if first else None,
        "complete_p95_ms": percentile([r.complete_s * 1000 for r in records], 0.95)}


@dataclass
class Round:
    window: Window
    sessions_opened: int
    upload: dict
    seconds: float


async def _round(base_url: str, sessions: int, user: str, password: str, path: Path, min_window_s: float,
                 analyst: tuple[str, str] | None) -> Round:
    window = Window()
    opened = [s for s in await asyncio.gather(*(_open(base_url, window, analyst) for _ in range(sessions))) if s]
    began = time.perf_counter()
    analysts = [asyncio.create_task(_analyst(s, seed, window)) for seed, s in enumerate(opened)]
    upload = await _officer(base_url, user, password, path, window)
    await asyncio.sleep(max(0.0, began + min_window_s - time.perf_counter()))
    window.stop = True
    await asyncio.gather(*analysts)
    return Round(window, len(opened), upload | {"started": window.upload_started, "shown": window.upload_shown},
                 time.perf_counter() - began)


def _during_upload(rnd: Round) -> list[Record]:
    return [r for r in rnd.window.records if rnd.window.upload_started <= r.started <= rnd.window.upload_shown]


def _pooled(rounds: list[Round]) -> dict:
    """The figures over every round's interactions (the headline: those that started while that round's upload
    was under way), each round's p95 and upload (`upload` is the first round's), and every round's errors."""
    per_round = [_during_upload(rnd) for rnd in rounds]
    during = [record for records in per_round for record in records]
    openings = [seconds for rnd in rounds for seconds in rnd.window.openings]
    by_kind: dict[str, list[float]] = {}
    for record in during:
        by_kind.setdefault(record.kind, []).append(record.seconds * 1000)
    return {
        "rounds": len(rounds),
        "sessions_opened": min(rnd.sessions_opened for rnd in rounds),
        "open": {"p50_ms": statistics.median(openings) * 1000 if openings else None,
                 "max_ms": max(openings) * 1000 if openings else None},
        "during_upload": _figures(during) | {"per_round": [_figures(records) for records in per_round]},
        "whole_window": _figures([r for rnd in rounds for r in rnd.window.records])
        | {"seconds": sum(rnd.seconds for rnd in rounds)},
        "per_interaction": {kind: {"p50_ms": statistics.median(v), "p95_ms": percentile(v, 0.95), "n": len(v)}
                            for kind, v in sorted(by_kind.items())},
        "upload": rounds[0].upload,
        "uploads": [rnd.upload for rnd in rounds],
        "errors": [error for rnd in rounds for error in rnd.window.errors],
    }


def _pooled_cpu(shares: list[dict]) -> dict:
    """Cores used over all the rounds' upload windows together (each weighted by its length)."""
    shares = [share for share in shares if share]
    seconds = sum(share["seconds"] for share in shares)
    if not seconds:
        return {}
    return {"seconds": seconds} | {key: sum(share[key] * share["seconds"] for share in shares) / seconds
                                   for key in ("process_cores", "descendants_cores", "machine_busy")}


def run(base_url: str, sessions: int, user: str, password: str, paths: list[Path], min_window_s: float,
        server_logs: list[Path], server_pids: list[int], analyst: tuple[str, str] | None = None) -> dict:
    """Run (h) against the dashboards at base_url (one server, or a proxy in front of several: their logs and
    process ids), one round per upload file in `paths`: the sessions open, make the mix while the officer
    uploads that file, and close. One round's upload window holds few interactions (~30 in 5 s), so its p95 is
    its second-slowest; the rounds are pooled. `analyst` is the account the analysts log in with, where every
    page needs a login. Also counts the tracebacks the servers logged meanwhile, this client's CPU time, and
    how busy the servers, their upload workers and the machine were while the uploads were under way."""
    log_starts = [log.stat().st_size for log in server_logs]
    cpu_before = sum(os.times()[:2])
    with CpuSampler(server_pids) as cpu:
        rounds = [asyncio.run(_round(base_url, sessions, user, password, path, min_window_s, analyst))
                  for path in paths]
    result = _pooled(rounds)
    result["client_cpu_s"] = sum(os.times()[:2]) - cpu_before
    result["cpu_during_upload"] = _pooled_cpu([cpu.shares(rnd.upload["started"], rnd.upload["shown"])
                                               for rnd in rounds])
    tracebacks = 0
    for server_log, start in zip(server_logs, log_starts, strict=True):
        with open(server_log, "rb") as log:
            log.seek(start)
            tracebacks += log.read().decode(errors="replace").count("Traceback")
    result["server_tracebacks"] = tracebacks
    result["error_count"] = len(result["errors"]) + tracebacks
    return result
