"""Benchmarks of the public hot paths: gunicorn + PostgreSQL + Redis, driven by wrk.

    python bench/run.py [--duration 5] [--rounds 5] [--connections 32] [--workers N] [--only a,b]

Seeds a project of realistic size (bench/seed.py), starts gunicorn (2 x cores sync workers
unless told), runs wrk for a fixed time per endpoint and prints one table: requests/s,
p50, p99 and the ratio to a baseline measured in the same run (a constant JSON view behind
the same middleware stack), right before and right after each endpoint; each endpoint is
measured `--rounds` times and the median ratio is shown. The cold-cache row runs on a
second server started with the public list cache switched off. Rate limits stay on (their
cost is measured) but raised.

Then bench/fanout.py (a roadmap status change fanned out by a real worker on
BENCH_BROKER_URL, default RabbitMQ on 127.0.0.1:5672) on the same database, its figures in
bench/results/fanout.md. `--only fanout` runs only that; `--no-fanout` skips it.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.request import Request, urlopen

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://pulse:pulse@127.0.0.1:5432/pulse_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
PORT, COLD_PORT = 8701, 8702

LUA = r"""
local lines = function(path)
  local items = {}
  for line in io.lines(path) do items[#items + 1] = line end
  return items
end
local visitors = lines("%(visitors)s")
local entries = lines("%(entries)s")
local method, path, body, etag, key = "%(method)s", "%(path)s", [[%(body)s]], '%(etag)s', "%(key)s"
local votes = {"up", "down"}
math.randomseed(os.time() + math.floor(os.clock() * 1000000))
request = function()
  local headers = {["Content-Type"] = "application/json"}
  if %(with_visitor)s then headers["x-pulse-user-id"] = visitors[math.random(#visitors)] end
  if etag ~= "" then headers["If-None-Match"] = etag end
  if key ~= "" then headers["x-api-key"] = key end
  local p = path:gsub("{entry}", function() return entries[math.random(#entries)] end)
  local b = body:gsub("{vote}", function() return votes[math.random(2)] end)
  return wrk.format(method, p, headers, b ~= "" and b or nil)
end
"""


def server_env(cache_enabled=True):
    huge = str(10**9)
    return {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-secret-key-not-for-production",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "BENCH_BASELINE": "1",
        "PUBLIC_CACHE_ENABLED": "1" if cache_enabled else "0",
        "RATE_LIMIT_GENERAL": huge,
        "RATE_LIMIT_FEEDBACK": huge,
        "RATE_LIMIT_AUTH": huge,
        "LOG_LEVEL": "WARNING",
    }


def ensure_database(url=DATABASE_URL):
    """Create the bench database of `url` when it does not exist yet."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def manage(*args, env=None):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env or server_env(), check=True)


def start_server(port, workers, cache_enabled=True):
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "-c",
            "gunicorn.conf.py",
            "pulse.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(workers),
            "-k",
            "sync",
            "--access-logfile",
            "-",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=server_env(cache_enabled),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"gunicorn on port {port} did not start")


def stop_server(process):
    process.terminate()
    process.wait(10)


def fetch_etag(url):
    with urlopen(Request(url), timeout=5) as response:
        return response.headers["ETag"]


def parse_duration(text):
    number, unit = re.match(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def run_wrk(url, spec, fixtures, args, workdir):
    script = workdir / f"{spec['name']}.lua"
    script.write_text(
        LUA
        % {
            "visitors": fixtures["visitors_file"],
            "entries": fixtures[spec.get("entries", "roadmap_ids_file")],
            "method": spec.get("method", "GET"),
            "path": spec["path"],
            "body": spec.get("body", ""),
            "etag": spec.get("etag", ""),
            "key": fixtures["api_key"] if spec.get("api_key") else "",
            "with_visitor": "true" if spec.get("visitor") else "false",
        }
    )
    output = subprocess.run(
        ["wrk", "-t2", f"-c{args.connections}", f"-d{args.duration}s", "--latency", "-s", str(script), url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    try:
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
        p50 = parse_duration(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
        p99 = parse_duration(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))
    except (AttributeError, ValueError):
        raise SystemExit(f"could not read wrk's output for {spec['name']}:\n{output}") from None
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {"rps": rps, "p50": p50, "p99": p99, "errors": int(errors.group(1)) if errors else 0}


def endpoints(fixtures):
    slug = fixtures["slug"]
    base = f"/api/v1/projects/{slug}"
    batch = json.dumps(
        {
            "events": [
                {"name": f"bench.event.{i % 10}", "properties": {"i": i, "page": "/pricing"}, "userId": f"user-{i}"}
                for i in range(100)
            ]
        }
    )
    return [
        {"name": "baseline (constant JSON)", "path": "/api/bench/baseline"},
        {"name": "changelog list, cold cache", "path": f"{base}/changelog", "cold": True},
        {"name": "changelog list, warm cache", "path": f"{base}/changelog"},
        {"name": "changelog list, 304", "path": f"{base}/changelog", "revalidate": True},
        {"name": "roadmap list", "path": f"{base}/roadmap"},
        # The idea board (issue 20): 100,000 ideas, about 1,000,000 votes.
        {"name": "idea board, first page (cached), warm", "path": f"{base}/ideas"},
        {"name": "idea board, trending page 3 (uncached)", "path": f"{base}/ideas?offset=40", "visitor": True},
        {"name": "idea board search (uncached)", "path": f"{base}/ideas?q=dark+mode", "visitor": True},
        {
            "name": "idea upvote toggle, random visitors",
            "method": "POST",
            "path": f"{base}/ideas/{{entry}}/vote",
            "entries": "idea_ids_file",
            "visitor": True,
        },
        # The public portal's pages (pulse/portal.py): cached rendered HTML, warm.
        {"name": "portal changelog index, warm", "path": f"/portal/{slug}/changelog/"},
        {"name": "portal changelog entry page, warm", "path": fixtures["portal_entry_path"]},
        {"name": "portal landing page, warm", "path": f"/portal/{slug}/"},
        {"name": "portal roadmap page (per-visitor bytes)", "path": f"/portal/{slug}/roadmap/"},
        {"name": "announcements with a visitor", "path": f"{base}/announcements", "visitor": True},
        {"name": "changelog unseen", "path": f"{base}/changelog/unseen", "visitor": True},
        {
            "name": "vote toggle, random visitors",
            "method": "POST",
            "path": f"{base}/roadmap/{{entry}}/vote",
            "body": '{"vote_type": "{vote}"}',
            "visitor": True,
        },
        {
            "name": "feedback submit",
            "method": "POST",
            "path": f"{base}/feedback",
            "body": '{"title": "Bench feedback", "description": "Measured", "category": "bug"}',
            "visitor": True,
        },
        {
            "name": "event batch (100 events)",
            "method": "POST",
            "path": "/api/v1/pulse/events/batch",
            "body": batch,
            "api_key": True,
        },
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=5, help="seconds per endpoint")
    parser.add_argument("--rounds", type=int, default=5, help="measurements per endpoint (the median is shown)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2 * os.cpu_count())
    parser.add_argument("--only", default="", help="comma-separated name fragments to run ('fanout': fanout.py)")
    parser.add_argument("--no-fanout", action="store_true", help="skip bench/fanout.py")
    args = parser.parse_args()
    if args.only == "fanout":
        return run_fanout()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")

    ensure_database()
    manage("migrate", "--noinput", "-v", "0")
    manage("collectstatic", "--noinput", "-v", "0")  # DEBUG=0 pages need the manifest, as in production
    RESULTS.mkdir(parents=True, exist_ok=True)
    # A bulk load, not a request: no client-side bound on its long statements (pulse/postgresql).
    seed_env = {**server_env(), "DB_CLIENT_TIMEOUT_MS": "0"}
    subprocess.run([PYTHON, "bench/seed.py", str(RESULTS)], cwd=ROOT, env=seed_env, check=True)
    fixtures = json.loads((RESULTS / "fixtures.json").read_text())
    baseline, *measured = endpoints(fixtures)
    specs = [s for s in measured if not args.only or any(f in s["name"] for f in args.only.split(","))]

    rounds = {spec["name"]: [] for spec in specs}  # name -> [(result, ratio)] per round
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        for cold in (False, True):
            group = [spec for spec in specs if bool(spec.get("cold")) == cold]
            if not group:
                continue
            port = COLD_PORT if cold else PORT
            server = start_server(port, args.workers, cache_enabled=not cold)
            try:
                for _ in range(args.rounds):
                    url = f"http://127.0.0.1:{port}"
                    for name, result, ratio in measure_bracketed(url, baseline, group, fixtures, args, workdir):
                        rounds[name].append((result, ratio))
            finally:
                stop_server(server)

    header = (
        f"| endpoint | req/s | p50 ms | p99 ms | vs baseline, median of {args.rounds} | each round | non-2xx/3xx |\n"
        "|---|---:|---:|---:|---:|---:|---:|"
    )
    lines = [header]
    for name, measured in rounds.items():
        median = sorted(measured, key=lambda item: item[1])[len(measured) // 2]
        result, ratio = median
        each = ", ".join(f"{r:.2f}" for _, r in measured)
        errors = sum(r["errors"] for r, _ in measured)
        lines.append(
            f"| {name} | {result['rps']:.0f} | {result['p50']:.2f} | {result['p99']:.2f} "
            f"| {ratio:.2f} | {each} | {errors} |"
        )
    table = "\n".join(lines)
    print(
        f"\nwrk -t2 -c{args.connections} -d{args.duration}s, gunicorn {args.workers} sync workers, "
        f"{os.cpu_count()} cores, PostgreSQL + Redis; each endpoint between two baseline runs "
        "(a constant JSON view behind the same middleware) and divided by their mean\n"
    )
    print(table)
    (RESULTS / "latest.md").write_text(table + "\n")
    if not args.no_fanout and (not args.only or "fanout" in args.only.split(",")):
        run_fanout()


def run_fanout():
    """bench/fanout.py with its defaults (100,000 upvoters, 10,000 confirmed addresses) on the
    bench database; its lines are printed and kept in bench/results/fanout.md."""
    ensure_database()
    env = {**os.environ, "DATABASE_URL": DATABASE_URL, "LOG_LEVEL": "WARNING"}
    env["CELERY_BROKER_URL"] = os.environ.get("BENCH_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672//")
    env["REDIS_URL"] = REDIS_URL
    output = subprocess.run(
        [PYTHON, "bench/fanout.py"], cwd=ROOT, env=env, check=True, stdout=subprocess.PIPE, text=True
    ).stdout
    print("\n" + output)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "fanout.md").write_text(output)


def measure_bracketed(url, baseline, specs, fixtures, args, workdir):
    """Each endpoint between two baseline runs on the same server: [(name, result, ratio)].

    This machine's speed drifts by up to 30% over a run (a shared VM), so each endpoint is
    compared with the mean of the baseline measured right before and right after it.
    """
    rows = []
    before = run_wrk(url, baseline, fixtures, args, workdir)
    for spec in specs:
        if spec.get("method", "GET") == "GET" and not spec.get("visitor"):
            # Warm the list cache (a vote of the previous round dropped the roadmap's), and
            # take the ETag to revalidate with.
            spec["etag"] = fetch_etag(url + spec["path"]) if spec.get("revalidate") else ""
            fetch_etag(url + spec["path"])
        result = run_wrk(url, spec, fixtures, args, workdir)
        after = run_wrk(url, baseline, fixtures, args, workdir)
        rows.append((spec["name"], result, result["rps"] / ((before["rps"] + after["rps"]) / 2)))
        print(f"  measured {spec['name']}", file=sys.stderr)
        before = after
    return rows


if __name__ == "__main__":
    main()
