"""Page times of the web application on a loaded databank: search and profile, p50 and p95.

Usage: .venv/bin/python benchmarks/web_pages.py [--home var] [--db URL] [--n 200]

Loads nothing itself: point it at a databank holding the shared lists (``make demo``
or ``interlist ingest ../shared/data/lists``). It builds the screening index if
needed, creates a throw-away admin, logs in through the login form, then asks the
search results fragment (what the search box fetches while typing) for names taken
from the databank in Latin, Cyrillic and Arabic script, and opens that many
profiles. Times are measured in the client, in-process (no network), and include
writing each audit entry.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import time
from pathlib import Path

from fastapi.testclient import TestClient

from interlist.access import users
from interlist.api.app import create_app
from interlist.screening.index import ScreeningIndex
from interlist.screening.storage import ensure_index
from interlist.settings import Settings
from interlist.store import open_engine
from interlist.web.profile import script_of


def _names(index: ScreeningIndex, n: int, seed: int = 6) -> tuple[list[str], list[str]]:
    """Query names in several scripts and entity ids, drawn from the index."""
    rng = random.Random(seed)
    by_script: dict[str, list[str]] = {}
    for pos in range(len(index)):
        props = index.props(pos)
        for name in props.get("name", []) + props.get("alias", []):
            by_script.setdefault(script_of(name), []).append(name)
    picks = []
    for script in ("Latin", "Cyrillic", "Arabic"):
        pool = by_script.get(script, [])
        picks += rng.sample(pool, min(len(pool), n // 3))
    return picks, rng.sample(index.ids, n)


def _timed(client: TestClient, path: str, params: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    answer = client.get(path, params=params)
    elapsed = (time.perf_counter() - start) * 1000
    assert answer.status_code == 200, (path, answer.status_code)
    return elapsed


def _report(label: str, times: list[float]) -> None:
    times = sorted(times)
    p95 = times[int(0.95 * (len(times) - 1))]
    print(f"{label:>8}: n={len(times)} p50={statistics.median(times):.1f} ms "
          f"p95={p95:.1f} ms max={times[-1]:.1f} ms")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", default="var")
    parser.add_argument("--db", default="")
    parser.add_argument("--n", type=int, default=150)
    args = parser.parse_args()
    settings = Settings.from_env(home=Path(args.home), database_url=args.db)
    engine = open_engine(settings.database_url)
    app = create_app(settings)
    ensure_index(engine, app.state.holder.path)
    name, password = f"bench-{random.randrange(10**6)}", "benchmark password"
    with engine.begin() as conn:
        users.add_user(conn, name, "coordination", "admin", password)
    index = app.state.holder.get()
    if len(index) < args.n:
        raise SystemExit(
            f"{settings.database_url}: {len(index)} profiles; load the shared lists first "
            "(make demo, or interlist ingest ../shared/data/lists)"
        )
    queries, ids = _names(index, args.n)
    with TestClient(app, base_url="https://localhost") as client:
        page = client.get("/web/login")
        token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
        client.post("/web/login", data={"username": name, "password": password, "csrf": token})
        _timed(client, "/web/results", {"q": "warm up"})
        search = [_timed(client, "/web/results", {"q": q}) for q in queries]
        profile = [_timed(client, f"/web/entity/{i}") for i in ids]
    with engine.begin() as conn:
        users.disable_user(conn, name)
    _report("search", search)
    _report("profile", profile)


if __name__ == "__main__":
    main()
