"""The cost of comparing vectors in Python (pulse/embeddings.py, issue 23): one similar-
feedback search reads up to PULSE_AI_SIMILAR_POOL packed vectors and takes their cosine
with the query's. This times that scan without the database (unpack + dot product), for the
pool sizes and dimensions of common embedding models.

    .venv/bin/python bench/embeddings.py [--rounds 5]
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pulse.settings")

import django  # noqa: E402

django.setup()

from pulse.embeddings import cosine, pack, unpack  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(23)
    print(f"{'vectors':>8} {'dims':>5} {'median ms':>10} {'MB read':>8}")
    for dims in (384, 768, 1536):
        for count in (1000, 5000):
            stored = [pack([rng.gauss(0, 1) for _ in range(dims)]) for _ in range(count)]
            query = unpack(pack([rng.gauss(0, 1) for _ in range(dims)]))
            times = []
            for _ in range(args.rounds):
                started = time.perf_counter()
                scores = sorted((cosine(query, unpack(data)) for data in stored), reverse=True)[:5]
                times.append((time.perf_counter() - started) * 1000)
            assert len(scores) == 5
            megabytes = count * dims * 4 / 1e6
            print(f"{count:>8} {dims:>5} {statistics.median(times):>10.1f} {megabytes:>8.1f}")


if __name__ == "__main__":
    main()
