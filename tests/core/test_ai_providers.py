"""pulse/ai.py: the provider choice and the OpenAI-compatible provider against a local server
that speaks the API's wire format (tests/openai_server.py); the offline summariser on the
demo's entries is in tests/changelog/test_summaries.py."""

import time

import pytest

from pulse.ai import AIError, OfflineProvider, OpenAICompatibleProvider, bound_text, get_provider, text_of_html
from tests.openai_server import SUMMARY


@pytest.fixture
def server(ai_server, settings):
    settings.PULSE_AI_API_KEY = "sk-test-123"
    settings.PULSE_AI_MODEL = "llama3.2"
    settings.PULSE_AI_EMBEDDING_MODEL = ""
    settings.PULSE_AI_RETRIES = 2
    settings.PULSE_AI_READ_TIMEOUT = 5
    return ai_server


def test_the_offline_provider_is_the_default(settings):
    settings.PULSE_AI_PROVIDER = "offline"
    assert isinstance(get_provider(), OfflineProvider)


def test_the_openai_provider_is_chosen_by_setting(server):
    assert isinstance(get_provider(), OpenAICompatibleProvider)


def test_the_openai_provider_without_a_base_url_says_so(settings):
    settings.PULSE_AI_BASE_URL = ""
    with pytest.raises(AIError, match="AI_BASE_URL is not set"):
        OpenAICompatibleProvider()


def test_a_summary_request_has_the_chat_completions_shape(server):
    summary = get_provider().summarize(title="Webhooks", text="Pulse calls your server.", language="fr")
    assert summary == SUMMARY
    ((path, headers, body),) = server.requests
    assert path == "/v1/chat/completions"
    assert headers["authorization"] == "Bearer sk-test-123"
    assert headers["content-type"] == "application/json"
    assert body["model"] == "llama3.2"
    assert [message["role"] for message in body["messages"]] == ["system", "user"]
    assert "in French" in body["messages"][0]["content"]
    assert body["messages"][1]["content"] == "Title: Webhooks\n\nPulse calls your server."
    assert body["max_tokens"] == 200


def test_no_authorization_header_is_sent_without_an_api_key(server, settings):
    settings.PULSE_AI_API_KEY = ""
    get_provider().summarize(title="T", text="Some text.")
    assert "authorization" not in server.requests[0][1]


def test_the_text_sent_is_bounded(server, settings):
    settings.PULSE_AI_MAX_INPUT_CHARS = 500
    get_provider().summarize(title="Long", text="word " * 10_000)
    sent = server.requests[0][2]["messages"][1]["content"]
    assert len(sent) <= 500
    assert sent.startswith("Title: Long\n\nword word")


def test_a_500_is_retried_then_answered(server):
    server.script = [500, 503]
    assert get_provider().summarize(title="T", text="Some text.") == SUMMARY
    assert len(server.requests) == 3


def test_a_500_that_persists_is_an_error_naming_the_status(server):
    server.script = [500, 500, 500]
    with pytest.raises(AIError, match="HTTP 500: The server had an error"):
        get_provider().summarize(title="T", text="Some text.")
    assert len(server.requests) == 3  # the first attempt and PULSE_AI_RETRIES retries


def test_a_client_error_is_not_retried(server):
    server.script = [401]
    with pytest.raises(AIError, match="HTTP 401"):
        get_provider().summarize(title="T", text="Some text.")
    assert len(server.requests) == 1


def test_a_server_slower_than_the_read_timeout_is_an_error(server, settings):
    settings.PULSE_AI_READ_TIMEOUT = 0.3
    settings.PULSE_AI_RETRIES = 0
    server.script = ["sleep"]
    started = time.monotonic()
    with pytest.raises(AIError, match="did not answer \\(timed out\\)"):
        get_provider().summarize(title="T", text="Some text.")
    assert time.monotonic() - started < server.sleep_seconds


def test_a_timeout_is_retried(server, settings):
    settings.PULSE_AI_READ_TIMEOUT = 0.3
    server.script = ["sleep"]
    assert get_provider().summarize(title="T", text="Some text.") == SUMMARY
    assert len(server.requests) == 2


def test_an_unreachable_server_is_an_error(settings):
    settings.PULSE_AI_BASE_URL = "http://127.0.0.1:9/v1"
    settings.PULSE_AI_RETRIES = 0
    with pytest.raises(AIError, match="did not answer"):
        OpenAICompatibleProvider().summarize(title="T", text="Some text.")


def test_an_empty_answer_is_an_error(server):
    server.summary = "   "
    with pytest.raises(AIError, match="empty summary"):
        get_provider().summarize(title="T", text="Some text.")


def test_control_characters_of_an_answer_are_not_stored(server):
    server.summary = "Line one\x00\x0b and two."
    assert get_provider().summarize(title="T", text="Some text.") == "Line one and two."


def test_embeddings_have_the_api_shape_and_come_back_in_input_order(server, settings):
    settings.PULSE_AI_EMBEDDING_MODEL = "nomic-embed-text"
    vectors = get_provider().embed(["aab", "c", "ddde"])
    assert vectors == [[2.0, 1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 0.0, 3.0, 1.0]]
    ((path, headers, body),) = server.requests
    assert path == "/v1/embeddings"
    assert body == {"model": "nomic-embed-text", "input": ["aab", "c", "ddde"]}


def test_the_offline_provider_has_no_embeddings():
    provider = OfflineProvider()
    assert provider.can_embed is False
    with pytest.raises(AIError, match="no embeddings"):
        provider.embed(["text"])


def test_text_of_html_keeps_blocks_apart_and_leaves_code_out():
    html = "<h2>New</h2><p>One <strong>bold</strong> line.</p><pre><code>x = 1</code></pre><ul><li>Item</li></ul>"
    assert text_of_html(html) == "New\nOne bold line.\nItem"


def test_bound_text_cuts_at_a_space():
    assert bound_text("alpha beta gamma", 12) == "alpha beta"
    assert bound_text("short", 12) == "short"
