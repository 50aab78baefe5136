"""(e) Dashboards: first page from a running `kyoso serve`, and the server-side time of each interaction.

Interactions are timed in-process, the way the server runs them: one session's app is built into a
Bokeh document (so every change updates real Bokeh models), then the session state is changed as the
widgets change it (page, prefecture, period, indicator) and the synchronous update is timed. What is
not included: serializing the model diff onto the websocket and the browser's rendering.

Run as `python -m bench.dashboards ROUNDS` (prints JSON); KYOSO_DATA_DIR points at the snapshot.
"""

from __future__ import annotations

import json
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench.procs import vm_hwm_mb


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def spread(milliseconds: list[float]) -> dict:
    """How many, p50, p95 and the slowest of some timings (ms)."""
    if not milliseconds:
        return {"n": 0}
    return {"n": len(milliseconds), "p50_ms": percentile(milliseconds, 0.50),
            "p95_ms": percentile(milliseconds, 0.95), "max_ms": max(milliseconds)}


def _timed(action) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def interactions(rounds: int) -> dict:
    import panel as pn
    from bokeh.document import Document
    from panel.io.state import set_curdoc

    from dashboards import app as dashboard_app
    from dashboards import data

    dashboard_app.configure()
    started = time.perf_counter()
    doc = Document()
    with set_curdoc(doc):
        shell = dashboard_app.create_app()
        doc.add_root(pn.panel(shell).get_root(doc))
    build_ms = (time.perf_counter() - started) * 1000
    snap = data.snapshot()
    state = shell.state
    pages = [p for p in state.param["page"].objects if p != "upload"]  # upload: a form, no data views
    prefs = data.prefectures(snap)["prefecture_code"].to_list()
    periods = data.periods(snap)
    indicators = data.indicators_in(snap, "mart_prefecture_quarter", measures_only=True)
    rng = random.Random(7)
    timings: dict[str, list[float]] = {}
    errors: dict[str, str] = {}

    def record(kind: str, action) -> None:
        """Time one interaction; one that raises is reported (not timed) and the session goes on."""
        with set_curdoc(doc):
            try:
                timings.setdefault(kind, []).append(_timed(action))
            except Exception as error:  # a dashboard bug, to be reported, must not hide the other figures
                errors.setdefault(f"{kind} ({state.page}, {state.pref}, {state.period}, {state.indicator})",
                                  f"{type(error).__name__}: {str(error)[:300]}")

    for _ in range(rounds):
        for page in pages:
            record(f"open_page:{page}", lambda page=page: setattr(state, "page", page))
            if page in ("overview", "prefecture", "municipalities"):
                record(f"{page}:switch_period", lambda: setattr(state, "period", rng.choice(periods)))
                record(f"{page}:switch_indicator", lambda: setattr(state, "indicator", rng.choice(indicators)))
            if page in ("prefecture", "municipalities", "submissions"):
                record(f"{page}:switch_prefecture", lambda: setattr(state, "pref", rng.choice(prefs)))
    everything = [value for values in timings.values() for value in values]
    return {
        "session_build_ms": build_ms,
        "interaction_p50_ms": percentile(everything, 0.50),
        "interaction_p95_ms": percentile(everything, 0.95),
        "interaction_max_ms": max(everything),
        "interactions": len(everything),
        "interaction_errors": errors,
        "per_interaction": {
            kind: {"p50_ms": statistics.median(v), "p95_ms": percentile(v, 0.95), "n": len(v)}
            for kind, v in sorted(timings.items()) if v
        },
        # a page's first opening builds its models; the first page (overview) is built with the session
        "first_open_ms": {"overview": build_ms} | {kind.split(":", 1)[1]: values[0] for kind, values in timings.items()
                                                   if kind.startswith("open_page:") and kind != "open_page:overview"},
        "harness_rss_mb": vm_hwm_mb(int(Path("/proc/self").resolve().name)),
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:
        response.read()
        assert response.status == 200
    return time.perf_counter() - started


def start_server(env: dict, cwd: Path, log: Path) -> tuple[subprocess.Popen, str, float]:
    """Start `kyoso serve` on a free port; return it, its URL and seconds until it accepts connections."""
    port = free_port()
    with open(log, "ab") as out:
        server = subprocess.Popen([sys.executable, "-m", "pipelines.cli", "serve", "--port", str(port)],
                                  env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
    started = time.perf_counter()
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server, f"http://127.0.0.1:{port}", time.perf_counter() - started
        except OSError:
            if server.poll() is not None or time.perf_counter() - started > 120:
                stop_server(server)
                raise RuntimeError("dashboard server did not start") from None
            time.sleep(0.05)


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=30)


def first_pages(env: dict, cwd: Path, log: Path, sessions: int = 10) -> dict:
    """Start `kyoso serve`, wait until it answers, then time GET / (each one a new session)."""
    server, url, listening_s = start_server(env, cwd, log)
    try:
        first = _get(url + "/")  # the first session also loads the snapshot into memory
        later = [_get(url + "/") for _ in range(sessions - 1)]
        return {
            "server_listening_s": listening_s,
            "first_page_s": first,
            "page_p50_s": statistics.median([first, *later]),
            "page_max_s": max([first, *later]),
            "server_rss_mb": vm_hwm_mb(server.pid),
        }
    finally:
        stop_server(server)


if __name__ == "__main__":
    print(json.dumps(interactions(int(sys.argv[1]) if len(sys.argv) > 1 else 5)))
