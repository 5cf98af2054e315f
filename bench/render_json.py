"""Rendering cost of a public list: DRF's JSONRenderer (json) against Pulse's (orjson).

    python bench/render_json.py

Renders the 100-entry changelog list of the benchmark project (bench/seed.py) in its
envelope, many times with each renderer, and prints the median per render.
"""

import os
import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", "postgres://pulse:pulse@127.0.0.1:5432/pulse_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pulse.settings")
django.setup()

from rest_framework.renderers import JSONRenderer  # noqa: E402

from changelog.selectors import published_entries  # noqa: E402
from projects.models import Project  # noqa: E402
from pulse.api.envelopes import DataEnvelope  # noqa: E402
from pulse.api.renderers import dumps  # noqa: E402


def median_ms(render, rounds=300):
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        render()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main():
    payload = DataEnvelope.success(published_entries(Project.objects.get(slug="bench").id))
    drf = JSONRenderer()
    stdlib = median_ms(lambda: drf.render(payload))
    fast = median_ms(lambda: dumps(payload))
    size = len(dumps(payload))
    print(f"{len(payload['data'])} entries, {size:,} bytes")
    print(f"DRF JSONRenderer (json): {stdlib:.3f} ms")
    print(f"Pulse renderer (orjson): {fast:.3f} ms  ({stdlib / fast:.1f}x faster)")


if __name__ == "__main__":
    main()
