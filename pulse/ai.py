"""The AI providers of Pulse: one interface, chosen by settings (issue 23).

    provider = get_provider()
    provider.summarize(title="...", text="...", language="fr") -> str
    provider.embed(["...", "..."]) -> list[list[float]]   (when provider.can_embed)

Both raise `AIError` (a message fit for the dashboard, never the API key) on any failure.

- `OfflineProvider` (PULSE_AI_PROVIDER=offline, the default): no network, no model, no data
  downloaded at run time, deterministic. An extractive summariser: the text is split into
  sentences, each sentence becomes a TF-IDF vector, and sentences are ranked by TextRank
  (PageRank over the cosine-similarity graph, Mihalcea & Tarau 2004) plus their similarity to
  the title; the best one or two, in their original order, are the summary. No library fitted:
  sumy needs NLTK's punkt data downloaded at run time (miso-belica/sumy#216), pytextrank a
  spaCy model, summa/lexrank are unmaintained since 2018-2019, and scikit-learn would bring
  numpy and scipy for a 20-sentence matrix. It has no embeddings (`can_embed` is False):
  similar feedback then uses the database's trigram similarity.
- `OpenAICompatibleProvider` (PULSE_AI_PROVIDER=openai, or AI_BASE_URL set): any server that
  speaks the OpenAI API (`POST {AI_BASE_URL}/chat/completions` and `/embeddings`: Ollama,
  vLLM, llama.cpp's server, hosted APIs). Bounded: at most PULSE_AI_MAX_INPUT_CHARS of text
  are sent, connect/read timeouts, PULSE_AI_RETRIES retries with backoff on connection
  errors, timeouts, 429 and 5xx. The address is the operator's setting (often a local
  Ollama), so it is not held to the webhooks' public-address rule. SECURITY.md lists what
  text leaves the server.

The core imports no app: callers pass plain text (`text_of_html` turns sanitised HTML into it).
"""

import json
import math
import re
from collections import Counter
from html.parser import HTMLParser

import urllib3
from django.conf import settings
from django.conf.locale import LANG_INFO
from django.utils.module_loading import import_string

from pulse.text import clean_text

SUMMARY_MAX_CHARS = 2000  # the ai_summary column's bound (changelog.models)


class AIError(Exception):
    """A provider could not answer; the message says why (shown in the dashboard)."""


def get_provider():
    """The provider named by PULSE_AI_PROVIDER ("offline", "openai" or a dotted class path)."""
    name = settings.PULSE_AI_PROVIDER
    cls = PROVIDERS.get(name) or import_string(name)
    return cls()


def language_name(code):
    """English name of a language code for prompts: "fr" -> "French"; unknown codes as given."""
    return LANG_INFO.get((code or "en").lower(), {}).get("name", code or "English")


# Text of sanitised HTML


BLOCK_TAGS = frozenset(
    {"p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "dl", "dt", "dd"}
    | {"table", "thead", "tbody", "tr", "th", "td", "pre"}
)
SKIPPED_TAGS = frozenset({"pre"})  # code listings are not prose: left out of summaries


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = [[]]
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self.blocks.append([])
        if tag in SKIPPED_TAGS:
            self.skipping += 1

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS and self.skipping:
            self.skipping -= 1
        if tag in BLOCK_TAGS:
            self.blocks.append([])

    def handle_data(self, data):
        if not self.skipping:
            self.blocks[-1].append(data)


def text_of_html(html):
    """The prose of sanitised HTML: one line per block (paragraph, heading, list item, cell),
    whitespace collapsed, code listings (<pre>) left out. "" for empty input."""
    parser = _TextExtractor()
    parser.feed(html or "")
    parser.close()
    lines = (" ".join("".join(block).split()) for block in parser.blocks)
    return "\n".join(line for line in lines if line)


# The offline extractive summariser

# A sentence ends at . ! ? … (or their CJK forms) followed by space and a capital, digit or
# opening quote/bracket, or at the end of a block (line).
SENTENCE_END = re.compile(r"(?<=[.!?…。！？])\s+(?=[\"'“‘(\[]?[^\W_a-z])")
SENTENCE_FINAL = (".", "!", "?", "…", "。", "！", "？", '."', ".”", '!"', "!”", '?"', "?”", ".)")
WORD = re.compile(r"\w+", re.UNICODE)
# Common English function words: too frequent to say what a sentence is about. Other
# languages rely on IDF alone.
STOP_WORDS = frozenset(
    "a an and are as at be been but by can do does for from has have if in into is it its "
    "more no not now of on one only or our so than that the their them then there these they "
    "this to too up was we were what when which who will with you your".split()
)
DAMPING = 0.85
ITERATIONS = 50
TITLE_WEIGHT = 0.5
MIN_WORDS = 4  # shorter fragments (list items such as "Replace the path") are not picked
# TextRank compares every pair of sentences: only the first ones are ranked, so the longest
# entry (60,000 characters) costs what a long one does (bench/summaries.py: ~0.2 s at 270).
MAX_SENTENCES = 200


def split_sentences(text):
    """Sentences of `text` in order: each line is split at sentence ends; empty ones dropped."""
    sentences = []
    for line in text.splitlines():
        sentences.extend(part.strip() for part in SENTENCE_END.split(line) if part.strip())
    return sentences


def _terms(sentence):
    return [word for word in WORD.findall(sentence.lower()) if word not in STOP_WORDS and not word.isdigit()]


def _tfidf(documents):
    count = len(documents)
    frequency = Counter(term for terms in documents for term in set(terms))
    vectors = []
    for terms in documents:
        tf = Counter(terms)
        vector = {term: n * (1 + math.log((1 + count) / (1 + frequency[term]))) for term, n in tf.items()}
        norm = math.sqrt(sum(value * value for value in vector.values())) or 1.0
        vectors.append({term: value / norm for term, value in vector.items()})
    return vectors


def _cosine(a, b):
    if len(a) > len(b):
        a, b = b, a
    return sum(value * b.get(term, 0.0) for term, value in a.items())


def _textrank(vectors):
    """PageRank scores over the weighted graph of sentence similarities (fixed iterations,
    so the same input always gives the same floats)."""
    n = len(vectors)
    weights = [[_cosine(vectors[i], vectors[j]) if i != j else 0.0 for j in range(n)] for i in range(n)]
    totals = [sum(row) for row in weights]
    scores = [1.0 / n] * n
    for _ in range(ITERATIONS):
        scores = [
            (1 - DAMPING) / n
            + DAMPING * sum(weights[j][i] / totals[j] * scores[j] for j in range(n) if totals[j] and weights[j][i])
            for i in range(n)
        ]
    return scores


def extractive_summary(text, *, title="", max_sentences=2, max_chars=300):
    """One or two sentences of `text`, as written, in their original order.

    Scores: TextRank over TF-IDF sentence vectors, plus TITLE_WEIGHT x the sentence's cosine
    similarity to `title`, plus a small lead bonus (earlier sentences win ties, as in news
    writing). Candidates have at least MIN_WORDS words and end like a sentence (not a heading,
    a list item or a lead-in to a list or code such as "Add this:") unless none does. Two
    sentences only when the text has more than two and both fit in `max_chars`; a
    one-sentence text is returned as it is. "" for a text without words. Only the first
    MAX_SENTENCES sentences are read. Deterministic: no randomness, ties broken by position.
    """
    sentences = split_sentences(text)[:MAX_SENTENCES]
    if len(sentences) <= 1:
        return sentences[0][:SUMMARY_MAX_CHARS] if sentences and WORD.search(sentences[0]) else ""
    documents = [_terms(sentence) for sentence in sentences]
    vectors = _tfidf([*documents, _terms(title)])
    title_vector = vectors.pop()
    ranks = _textrank(vectors)
    n = len(sentences)
    scores = [ranks[i] + TITLE_WEIGHT * _cosine(vectors[i], title_vector) + 0.1 * (n - i) / n / n for i in range(n)]
    candidates = [
        i for i, s in enumerate(sentences) if len(WORD.findall(s)) >= MIN_WORDS and s.endswith(SENTENCE_FINAL)
    ] or list(range(n))
    ranked = sorted(candidates, key=lambda i: (-scores[i], i))
    chosen = [ranked[0]]
    wanted = min(max_sentences, n - 1)
    for i in ranked[1:wanted]:
        if sum(len(sentences[j]) for j in chosen) + len(sentences[i]) + 1 <= max_chars:
            chosen.append(i)
    return " ".join(sentences[i] for i in sorted(chosen))[:SUMMARY_MAX_CHARS]


class OfflineProvider:
    """The default: the extractive summariser above; no embeddings."""

    can_embed = False
    embedding_model = ""

    def summarize(self, *, title, text, language="en"):
        return extractive_summary(text, title=title)

    def embed(self, texts):
        raise AIError("The offline provider has no embeddings; configure an OpenAI-compatible server")


# The OpenAI-compatible provider

SYSTEM_PROMPT = (
    "You summarise entries of a software product's changelog for its users. Write one or two "
    "plain sentences (no Markdown, no preamble, at most {max_words} words) in {language}, saying "
    "what changed and why it matters to a user. Use only facts from the entry."
)
RETRY_STATUSES = (429, 500, 502, 503, 504)


def bound_text(text, limit):
    """`text` cut to at most `limit` characters, at the last whitespace before the limit."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ", limit // 2)
    return cut[:space] if space > 0 else cut


class OpenAICompatibleProvider:
    """Chat completions for summaries, `/embeddings` for vectors, over urllib3 (already a
    requirement: the webhooks use it), with its Retry for backoff on 429/5xx and network errors."""

    can_embed = True

    def __init__(self):
        self.base_url = settings.PULSE_AI_BASE_URL.rstrip("/")
        if not self.base_url:
            raise AIError("AI_BASE_URL is not set")
        self.model = settings.PULSE_AI_MODEL
        self.embedding_model = settings.PULSE_AI_EMBEDDING_MODEL or self.model
        self.headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if settings.PULSE_AI_API_KEY:
            self.headers["Authorization"] = f"Bearer {settings.PULSE_AI_API_KEY}"
        retries = settings.PULSE_AI_RETRIES
        self.http = urllib3.PoolManager(
            timeout=urllib3.Timeout(connect=settings.PULSE_AI_CONNECT_TIMEOUT, read=settings.PULSE_AI_READ_TIMEOUT),
            retries=urllib3.Retry(
                total=retries,
                connect=retries,
                read=retries,
                status=retries,
                other=0,
                redirect=0,
                allowed_methods=frozenset({"POST"}),
                status_forcelist=RETRY_STATUSES,
                backoff_factor=settings.PULSE_AI_BACKOFF,
                backoff_max=10,
                raise_on_status=False,
                # A server asking for minutes must not hold a worker: its 429 fails the job,
                # which the team can run again.
                respect_retry_after_header=False,
            ),
        )

    def _post(self, path, payload):
        url = f"{self.base_url}/{path}"
        try:
            response = self.http.request(
                "POST", url, body=json.dumps(payload).encode(), headers=self.headers, preload_content=False
            )
        except urllib3.exceptions.MaxRetryError as exc:
            raise AIError(f"The AI server did not answer ({_reason(exc.reason)})") from None
        except urllib3.exceptions.HTTPError as exc:
            raise AIError(f"The AI server did not answer ({_reason(exc)})") from None
        try:
            body = response.read(settings.PULSE_AI_MAX_RESPONSE_BYTES + 1, decode_content=True)
        except urllib3.exceptions.HTTPError as exc:
            raise AIError(f"The AI server's answer was cut ({_reason(exc)})") from None
        finally:
            response.release_conn()
        if len(body) > settings.PULSE_AI_MAX_RESPONSE_BYTES:
            raise AIError("The AI server's answer is too large")
        if response.status != 200:
            return self._fail(response.status, body)
        try:
            return json.loads(body)
        except ValueError:
            raise AIError("The AI server's answer is not JSON") from None

    @staticmethod
    def _fail(status, body):
        try:
            detail = json.loads(body)["error"]["message"]
        except (ValueError, KeyError, TypeError):
            detail = ""
        raise AIError(f"The AI server answered HTTP {status}" + (f": {str(detail)[:200]}" if detail else ""))

    def summarize(self, *, title, text, language="en"):
        content = bound_text(f"Title: {title}\n\n{text}", settings.PULSE_AI_MAX_INPUT_CHARS)
        prompt = SYSTEM_PROMPT.format(language=language_name(language), max_words=50)
        answer = self._post(
            "chat/completions",
            {
                "model": self.model,
                "messages": [{"role": "system", "content": prompt}, {"role": "user", "content": content}],
                "temperature": 0.2,
                "max_tokens": 200,
            },
        )
        try:
            summary = answer["choices"][0]["message"]["content"]
        except (KeyError, IndexError, TypeError):
            raise AIError("The AI server's answer has no choices[0].message.content") from None
        summary = " ".join(clean_text(str(summary or "")).split())[:SUMMARY_MAX_CHARS]
        if not summary:
            raise AIError("The AI server answered with an empty summary")
        return summary

    def embed(self, texts):
        limit = settings.PULSE_AI_MAX_INPUT_CHARS
        answer = self._post(
            "embeddings", {"model": self.embedding_model, "input": [bound_text(text, limit) for text in texts]}
        )
        try:
            items = sorted(answer["data"], key=lambda item: item["index"])
            vectors = [[float(value) for value in item["embedding"]] for item in items]
        except (KeyError, TypeError, ValueError):
            raise AIError("The AI server's answer has no data[].embedding") from None
        if len(vectors) != len(texts):
            raise AIError(f"The AI server returned {len(vectors)} embeddings for {len(texts)} texts")
        return vectors


def _reason(exc):
    if isinstance(exc, urllib3.exceptions.TimeoutError):
        return "timed out"
    return type(exc).__name__ if exc is not None else "no answer"


PROVIDERS = {"offline": OfflineProvider, "openai": OpenAICompatibleProvider}
