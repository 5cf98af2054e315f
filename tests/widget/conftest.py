"""Browser fixtures for the widget: a host site on another origin that embeds widget.js."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils.html import format_html, format_html_join


class HostSite:
    """Pages served from http://127.0.0.1:<port>: a different origin from the live server."""

    def __init__(self, server, pages):
        self.server = server
        self.pages = pages
        self.url = f"http://127.0.0.1:{server.server_address[1]}"

    def add(self, path, body, headers=None, content_type="text/html; charset=utf-8"):
        self.pages[path] = (body.encode(), {"Content-Type": content_type, **(headers or {})})
        return self.url + path

    def embed(self, live_server, *, path="/", csp=None, css="", head="", **attrs):
        """A page embedding widget.js with `data-pulse-<name>` attributes (project defaults to acme)."""
        attrs = {"project": "acme", **attrs}
        tag = format_html(
            '<script src="{}/api/widget/widget.js"{} defer></script>',
            live_server.url,
            format_html_join("", ' data-pulse-{}="{}"', ((k, v) for k, v in attrs.items() if v is not None)),
        )
        headers = {"Content-Security-Policy": csp} if csp else {}
        style = ""
        if css:
            self.add("/host.css", css, content_type="text/css")
            style = '<link rel="stylesheet" href="/host.css">'
        html = (
            f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Customer site</title>{style}{head}'
            "</head><body><h1>Customer site</h1><p>Some content of the host page.</p>"
            f'<a href="#top" id="first-link">A link on the page</a>{tag}</body></html>'
        )
        return self.add(path, html, headers)


@pytest.fixture
def host_site():
    pages = {"/favicon.ico": (b"", {"Content-Type": "image/x-icon"})}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            page = pages.get(self.path.split("?")[0])
            if page is None:
                self.send_error(404)
                return
            body, headers = page
            self.send_response(200)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield HostSite(server, pages)
    server.shutdown()
    server.server_close()


@pytest.fixture
def console(page):
    """Console messages and uncaught page errors of the page, as (type, text) pairs."""
    messages = []
    page.on("console", lambda message: messages.append((message.type, message.text)))
    page.on("pageerror", lambda error: messages.append(("pageerror", str(error))))
    return messages


@pytest.fixture
def widget(page):
    """Locators inside the widget's shadow root (Playwright's CSS pierces open shadow roots)."""

    class Widget:
        host = page.locator("[data-pulse-widget]")
        launcher = page.locator("[data-pulse-widget] button.l")
        badge = page.locator("[data-pulse-widget] .b")
        panel = page.locator("[data-pulse-widget] [role=dialog]")
        banners = page.locator("[data-pulse-widget] section.a")

        @staticmethod
        def tab(name):
            return page.locator(f"[data-pulse-widget] #pulse-t-{name}")

        @staticmethod
        def body(name):
            return page.locator(f"[data-pulse-widget] #pulse-b-{name}")

        @staticmethod
        def focused():
            """Class of the focused element inside the shadow root, or the light-DOM tag."""
            return page.evaluate(
                """() => { const a = document.activeElement;
                   const inner = a && a.shadowRoot && a.shadowRoot.activeElement;
                   return inner ? 'shadow:' + (inner.className || inner.id || inner.tagName) : a.tagName; }"""
            )

    return Widget
