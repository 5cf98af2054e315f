"""How long the offline summariser takes (pulse/ai.py, issue 23), per 1,000 words of entry.

    .venv/bin/python bench/summaries.py [--rounds 20]

The text is real prose: the sentences of README.md and SECURITY.md (Markdown rendered to
HTML, then `text_of_html`, as the job does with an entry's content), taken in order until
the word count is reached. Prints the median and the slowest time of `--rounds` runs of the
whole summary (HTML to text, sentence split, TF-IDF, TextRank, choice) for each size, and
the median per 1,000 words. TextRank compares every pair of sentences, so the time grows
with the square of the sentence count (up to `MAX_SENTENCES`, then flat): the larger sizes
show how far from linear it is.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pulse.settings")

import django  # noqa: E402

django.setup()

from changelog.content import render_markdown  # noqa: E402
from pulse.ai import OfflineProvider, split_sentences, text_of_html  # noqa: E402

SIZES = (250, 1000, 2000, 5000, 10000)


def prose_sentences():
    text = "\n".join(text_of_html(render_markdown((ROOT / name).read_text())) for name in ("README.md", "SECURITY.md"))
    return [sentence for sentence in split_sentences(text) if len(sentence.split()) >= 4]


def html_of(sentences, words):
    chosen, count = [], 0
    while count < words:
        for sentence in sentences:
            chosen.append(sentence)
            count += len(sentence.split())
            if count >= words:
                break
    # Paragraphs of five sentences, as an entry's content would be.
    paragraphs = [" ".join(chosen[i : i + 5]) for i in range(0, len(chosen), 5)]
    return "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs), count, len(chosen)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    sentences = prose_sentences()
    provider = OfflineProvider()
    print(f"{'words':>6} {'sentences':>9} {'median ms':>10} {'max ms':>8} {'ms per 1,000 words':>19}")
    for size in SIZES:
        html, words, count = html_of(sentences, size)
        times = []
        for _ in range(args.rounds):
            started = time.perf_counter()
            summary = provider.summarize(title="Pulse", text=text_of_html(html))
            times.append((time.perf_counter() - started) * 1000)
        assert summary
        median = statistics.median(times)
        print(f"{words:>6} {count:>9} {median:>10.1f} {max(times):>8.1f} {median / words * 1000:>19.1f}")


if __name__ == "__main__":
    main()
