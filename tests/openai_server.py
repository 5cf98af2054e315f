"""A local HTTP server speaking the OpenAI API's wire format (chat completions, embeddings),
for the OpenAI-compatible provider's tests (pulse/ai.py, issue 23).

    with OpenAIServer(script=[500, "sleep", None]) as server:
        settings.PULSE_AI_BASE_URL = server.base_url

Each POST takes the next item of `script` (then None): None answers as the API does, an
int answers that HTTP status with an OpenAI error body, "sleep" waits `sleep_seconds` before
answering (a read timeout for the client). Every request is kept as (path, headers with
lower-case names, parsed JSON body).
"""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.servers import free_port

SUMMARY = "Webhooks now call your server for every event. Each delivery is signed."


class OpenAIServer:
    def __init__(self, script=(), summary=SUMMARY, sleep_seconds=2.0):
        self.script = list(script)
        self.summary = summary
        self.sleep_seconds = sleep_seconds
        self.requests = []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))) or b"null")
                with server.lock:
                    server.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                    step = server.script.pop(0) if server.script else None
                if step == "sleep":
                    server.stop.wait(server.sleep_seconds)
                    step = None
                if isinstance(step, int):
                    self.answer(step, {"error": {"message": "The server had an error", "type": "server_error"}})
                elif self.path.endswith("/chat/completions"):
                    self.answer(200, server.completion(body))
                elif self.path.endswith("/embeddings"):
                    self.answer(200, server.embeddings(body))
                else:
                    self.answer(404, {"error": {"message": "Unknown path"}})

            def answer(self, status, payload):
                data = json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):  # the client timed out and left
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.server.server_port}/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def completion(self, body):
        return {
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body["model"],
            "choices": [
                {"index": 0, "message": {"role": "assistant", "content": self.summary}, "finish_reason": "stop"}
            ],
            "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
        }

    @staticmethod
    def embeddings(body):
        # Deterministic vectors: letter counts of a-e. Listed in reverse order, with their
        # `index`, as the API allows: the client must sort them back.
        items = [
            {"object": "embedding", "index": i, "embedding": [float(text.count(c)) for c in "abcde"]}
            for i, text in enumerate(body["input"])
        ]
        return {"object": "list", "data": items[::-1], "model": body["model"]}

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.server.shutdown()
        self.server.server_close()
