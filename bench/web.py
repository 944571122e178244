"""Web benchmark: concurrent reviewers on the review and follow-up pages
while a real transcription job runs in the server's embedded worker.

    .venv/bin/python bench/web.py                      # 50 reviewers, 30 s per phase
    .venv/bin/python bench/web.py --users 50 --seconds 60 --think 0
    .venv/bin/python bench/web.py --no-job             # baseline phase only

Set-up (temporary data folder, SQLite): one 3-hour meeting (~600 transcript
segments, ~60 items, from the spoken dev texts in bench/data/spoken), a few
past meetings with open items for the follow-up list, `--users` reviewer
accounts (thư ký) and `--officers` cán bộ xử lý. The REAL server runs in a
subprocess (`doithoai serve --data TMP --port FREE`, uvicorn + its embedded
worker). Each simulated user logs in, then loops: GET its pages (thư ký: the
review page, the follow-up list, now and then the transcript; cán bộ: the
follow-up list), sometimes a POST action with the CSRF token, with a random
think time between requests (`--think` seconds on average; 0 = saturation).

Two phases with the same load, in the same run: baseline (no job), then
loaded (a ~10-minute recording uploaded through the app, or enqueued with
the jobs service if the upload route is not there, and transcribing). The
machine is noisy, so the result that matters is the ratio loaded/baseline;
the absolute p95 is compared with the target (200 ms, zero errors).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "doithoai" / "web"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import httpx
import numpy as np
from liveserver import CSRF_RE
from servers import DOITHOAI, free_port
from webdata import (
    PASSWORD,
    build_data,
    build_recording,
    item_ids,
    job_state,
    start_job,
    wait_transcribing,
)

TARGET_P95_MS = 200.0


# --- server -------------------------------------------------------------------------------------


class Server:
    """`doithoai serve` in a subprocess, its output in server.log."""

    def __init__(self, data_dir: Path, command: str = str(DOITHOAI)) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(data_dir / "server.log", "wb")  # noqa: SIM115 - open while the server runs
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DOITHOAI_DATA")}
        self.proc = subprocess.Popen(
            [command, "serve", "--data", str(data_dir), "--port", str(self.port)],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            cwd=str(ROOT),
            env=env,
        )

    def wait_ready(self, timeout: float = 60.0) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}; see {self.log.name}")
            try:
                if httpx.get(self.url + "/login", timeout=1.0).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"server not ready after {timeout} s")

    def cpu_seconds(self) -> float:
        """User + system CPU of the server: its process (the worker's threads)
        and its web processes (`serve --processes N` starts children)."""

        def stat(pid: str) -> list[str] | None:
            try:
                return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                return None

        total = 0
        for pid in os.listdir("/proc"):
            fields = stat(pid) if pid.isdigit() else None
            if fields and (pid == str(self.proc.pid) or fields[1] == str(self.proc.pid)):
                total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(40)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


# --- simulated users ------------------------------------------------------------------------------


@dataclass
class User:
    username: str
    role: str
    client: httpx.AsyncClient
    csrf: str = ""


@dataclass
class Sample:
    page: str
    ms: float
    status: int  # 0: exception
    error: str = ""


@dataclass
class Plan:
    """What the users request: page name -> path, actions enabled."""

    reviewer_pages: dict[str, str]
    officer_pages: dict[str, str]
    accept_path: str | None  # "{item}" is replaced
    items: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


async def login(client: httpx.AsyncClient, username: str) -> str:
    r = await client.get("/login")
    token = CSRF_RE.search(r.text).group(1)
    r = await client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token})
    if r.status_code != 303:
        raise RuntimeError(f"login of {username} failed: {r.status_code}")
    r = await client.get("/")  # the session is committed before the 303 is sent
    found = CSRF_RE.search(r.text) if r.status_code == 200 else None
    if not found:
        raise RuntimeError(f"home page of {username} after login: {r.status_code} {r.text[:300]}")
    return found.group(1)


async def timed(user: User, page: str, method: str, path: str, samples: list[Sample], **kw) -> None:
    """One request; a page must answer 200, an action 303 back (not to /login)."""
    t0 = time.perf_counter()
    try:
        r = await user.client.request(method, path, **kw)
        ok = (
            r.status_code == 200
            if method == "GET"
            else (r.status_code == 303 and not r.headers.get("location", "").startswith("/login"))
        )
        status, error = r.status_code, ("" if ok else f"{r.headers.get('location', '')} {r.text[:200]}")
    except httpx.HTTPError as exc:
        status, error = 0, f"{type(exc).__name__}: {exc}"
    samples.append(Sample(page, (time.perf_counter() - t0) * 1000, status, error))


async def user_loop(
    user: User, plan: Plan, until: float, think: float, action_rate: float, samples: list[Sample], rng: random.Random
) -> None:
    pages = plan.reviewer_pages if user.role == "thu_ky" else plan.officer_pages
    await asyncio.sleep(rng.uniform(0, think or 0.05))  # users do not start in step
    while time.monotonic() < until:
        for name, path in pages.items():
            if name == "transcript" and rng.random() > 0.2:
                continue  # the long transcript page: now and then
            await timed(user, name, "GET", path, samples)
            if time.monotonic() >= until:
                return
            if think:
                await asyncio.sleep(rng.uniform(0.5, 1.5) * think)
        if user.role == "thu_ky" and plan.accept_path and plan.items and rng.random() < action_rate:
            path = plan.accept_path.replace("{item}", str(rng.choice(plan.items)))
            await timed(user, "POST accept", "POST", path, samples, data={"csrf_token": user.csrf})


async def probe(base: str, user: User, meeting_id: int, items: list[int]) -> Plan:
    """The pages and the action of the load; each must work before the clock starts."""
    reviewer = {
        "review": f"/meetings/{meeting_id}/review",
        "followup": "/followup",
        "transcript": f"/meetings/{meeting_id}/transcript",
    }
    for path in reviewer.values():
        r = await user.client.get(path)
        if r.status_code != 200:
            raise RuntimeError(f"page {path} answered {r.status_code}")
    accept = f"/meetings/{meeting_id}/items/{{item}}/accept"
    r = await user.client.post(accept.replace("{item}", str(items[0])), data={"csrf_token": user.csrf})
    if r.status_code != 303:
        raise RuntimeError(f"POST {accept} answered {r.status_code}")
    return Plan(reviewer, {"followup": "/followup"}, accept, items, [])


async def open_users(base: str, names: list[tuple[str, str]]) -> list[User]:
    # keepalive_expiry under uvicorn's 5 s keep-alive: reusing a connection the server is closing is a client race
    limits = httpx.Limits(max_connections=4, max_keepalive_connections=4, keepalive_expiry=3.0)
    users = [
        User(n, role, httpx.AsyncClient(base_url=base, timeout=30.0, limits=limits, headers={"accept": "text/html"}))
        for n, role in names
    ]
    sem = asyncio.Semaphore(4)  # Argon2 checks: log in a few at a time, before the clock starts

    async def one(u: User) -> None:
        async with sem:
            u.csrf = await login(u.client, u.username)

    await asyncio.gather(*(one(u) for u in users))
    return users


async def run_phase(
    users: list[User], plan: Plan, seconds: float, think: float, action_rate: float, seed: int
) -> tuple[list[Sample], float]:
    samples: list[Sample] = []
    rng = random.Random(seed)
    print(f"phase {seed}: {len(users)} users for {seconds:.0f} s", flush=True)
    t0 = time.monotonic()
    await asyncio.gather(
        *(user_loop(u, plan, t0 + seconds, think, action_rate, samples, random.Random(rng.random())) for u in users)
    )
    return samples, time.monotonic() - t0


async def solo(user: User, plan: Plan, server: Server, repeats: int = 10) -> dict[str, dict]:
    """Each page alone, one request at a time: latency and server CPU per request without contention."""
    out = {}
    for name, path in plan.reviewer_pages.items():
        samples: list[Sample] = []
        cpu = server.cpu_seconds()
        for _ in range(repeats):
            await timed(user, name, "GET", path, samples)
        ms = sorted(x.ms for x in samples)
        out[name] = {
            "median_ms": round(ms[len(ms) // 2], 1),
            "cpu_ms": round((server.cpu_seconds() - cpu) * 1000 / repeats, 1),
            "errors": sum(1 for x in samples if x.error),
        }
    return out


# --- report --------------------------------------------------------------------------------------


def stats(samples: list[Sample], seconds: float) -> dict[str, dict]:
    def one(rows: list[Sample]) -> dict:
        ms = np.array([s.ms for s in rows]) if rows else np.array([0.0])
        errors = [s for s in rows if s.error]
        return {
            "requests": len(rows),
            "errors": len(errors),
            "rps": round(len(rows) / seconds, 1),
            "p50": round(float(np.percentile(ms, 50)), 1),
            "p95": round(float(np.percentile(ms, 95)), 1),
            "p99": round(float(np.percentile(ms, 99)), 1),
            "max": round(float(ms.max()), 1),
            "first_errors": sorted({f"{s.status} {s.error[:80]}" for s in errors})[:3],
        }

    out = {page: one([s for s in samples if s.page == page]) for page in sorted({s.page for s in samples})}
    out["ALL"] = one(samples)
    return out


def print_table(title: str, table: dict[str, dict]) -> None:
    print(f"\n{title}")
    print(f"  {'page':<14}{'requests':>9}{'errors':>8}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    for page, r in table.items():
        print(
            f"  {page:<14}{r['requests']:>9}{r['errors']:>8}{r['rps']:>8}{r['p50']:>9}{r['p95']:>9}"
            f"{r['p99']:>9}{r['max']:>9}"
        )
        for e in r["first_errors"]:
            print(f"      error: {e}")


def verdict(table: dict[str, dict]) -> bool:
    return table["ALL"]["errors"] == 0 and all(r["p95"] < TARGET_P95_MS for r in table.values())


# --- main ----------------------------------------------------------------------------------------


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _natural(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--users", type=_positive, default=50, help="concurrent reviewers (thư ký), at least 1")
    p.add_argument("--officers", type=_natural, default=5, help="cán bộ xử lý on the follow-up list")
    p.add_argument("--seconds", type=float, default=30.0, help="length of each phase")
    p.add_argument("--think", type=float, default=1.0, help="mean think time between requests, s (0: none)")
    p.add_argument("--action-rate", type=float, default=0.2, help="chance of a POST accept after a round")
    p.add_argument("--no-job", action="store_true", help="baseline phase only, no transcription")
    p.add_argument("--minutes", type=float, default=10.0, help="length of the recording transcribed")
    p.add_argument("--segments", type=int, default=600)
    p.add_argument("--items", type=int, default=60)
    p.add_argument("--past", type=int, default=3, help="past meetings with open items (follow-up list)")
    p.add_argument("--json", type=Path, help="also write the results as JSON here")
    p.add_argument("--keep", action="store_true", help="keep the temporary data folder (server.log)")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--server", default=str(DOITHOAI), help="the doithoai command to serve with (try a patched one)")
    return p.parse_args(argv)


async def measure(args, settings, server: Server, meeting_id: int, wav: Path | None) -> dict:
    names = [(f"user-{i:02d}", "thu_ky" if i < args.users else "can_bo") for i in range(args.users + args.officers)]
    users = await open_users(server.url, names)
    try:
        plan = await probe(server.url, users[0], meeting_id, item_ids(settings, meeting_id))
        result: dict = {"notes": plan.notes, "pages": {"thu_ky": plan.reviewer_pages, "can_bo": plan.officer_pages}}
        result["solo"] = await solo(users[0], plan, server)
        # Warm-up, not measured: every web process compiles its templates and fills its caches.
        await run_phase(users, plan, min(5.0, args.seconds), args.think, args.action_rate, args.seed + 100)
        cpu = server.cpu_seconds()
        samples, took = await run_phase(users, plan, args.seconds, args.think, args.action_rate, args.seed)
        result["baseline"] = stats(samples, took)
        result["baseline_cpu_ms_per_request"] = round((server.cpu_seconds() - cpu) * 1000 / max(len(samples), 1), 1)
        result["load_average"] = os.getloadavg()
        if wav is not None:
            job_id = await asyncio.to_thread(
                start_job,
                settings,
                server.url,
                users[0].csrf,
                dict(users[0].client.cookies),
                meeting_id,
                wav,
                plan.notes,
            )
            result["job_at_start"] = await asyncio.to_thread(wait_transcribing, settings, job_id)
            samples, took = await run_phase(users, plan, args.seconds, args.think, args.action_rate, args.seed + 1)
            result["loaded"] = stats(samples, took)
            result["job_at_end"] = job_state(settings, job_id)
        return result
    finally:
        await asyncio.gather(*(u.client.aclose() for u in users))


def report(args, result: dict) -> bool:
    print(
        f"\n{args.users} reviewers (thư ký) + {args.officers} cán bộ, {args.seconds:.0f} s per phase, "
        f"think {args.think} s, POST accept rate {args.action_rate}"
    )
    print("pages:", json.dumps(result["pages"], ensure_ascii=False))
    for note in result["notes"]:
        print("note:", note)
    print(f"machine load average (1, 5, 15 min) after the baseline: {result['load_average']}")
    print("\none request at a time (no contention): median ms, server CPU ms per request")
    for page, r in result["solo"].items():
        print(
            f"  {page:<14}{r['median_ms']:>9} ms{r['cpu_ms']:>9} ms CPU"
            + (f"  {r['errors']} errors" if r["errors"] else "")
        )
    print_table("baseline (no transcription job)", result["baseline"])
    print(f"  server CPU per request under load: {result['baseline_cpu_ms_per_request']} ms")
    final = result["baseline"]
    if "loaded" in result:
        final = result["loaded"]
        start, end = result["job_at_start"], result["job_at_end"]
        print_table("loaded (transcription job running)", final)
        print(
            f"\njob: at start {start['state']} {start['done']}/{start['total']} s; at end {end['state']} "
            f"{end['done']}/{end['total']} s ({end['percent']} %) {end['message']}"
        )
        if start["state"] != "running" or end["done"] <= start["done"]:
            print("WARNING: the job did not make progress during the loaded phase: the ratio below means little")
        elif end["state"] != "running":
            print("WARNING: the job ended during the loaded phase, which was partly idle: use --minutes to lengthen it")
        print("\nratio loaded / baseline:")
        for page, r in final.items():
            b = result["baseline"].get(page)
            if b and b["p95"]:
                print(
                    f"  {page:<14} p50 ×{r['p50'] / max(b['p50'], 1e-9):.2f}   p95 ×{r['p95'] / b['p95']:.2f}"
                    f"   req/s ×{r['rps'] / max(b['rps'], 1e-9):.2f}"
                )
    met = verdict(final)
    print(
        f"\ntarget p95 < {TARGET_P95_MS:.0f} ms on every page with zero errors: {'MET' if met else 'NOT MET'}"
        f" (p95 all {final['ALL']['p95']} ms, errors {final['ALL']['errors']})"
    )
    return met


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from doithoai.settings import load_settings

    rng = random.Random(args.seed)
    tmp = Path(tempfile.mkdtemp(prefix="doithoai-bench-web-"))
    settings = load_settings(tmp / "data", env={})
    settings.ensure_dirs()
    t0 = time.monotonic()
    meeting_id = build_data(settings, args, rng)
    wav = None
    if not args.no_job:
        wav = tmp / "hoi-nghi-dai.wav"
        minutes = build_recording(wav, args.minutes) / 60
        print(f"recording: {minutes:.1f} min", flush=True)
    print(f"set-up {time.monotonic() - t0:.1f} s; data in {tmp}", flush=True)
    server = Server(settings.data_dir, args.server)
    try:
        server.wait_ready()
        result = asyncio.run(measure(args, settings, server, meeting_id, wav))
    finally:
        server.stop()
    met = report(args, result)
    result["target_met"] = met
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.keep:
        print(f"kept: {tmp}")
    else:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
