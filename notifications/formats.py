"""What a destination receives for an event: body bytes and headers, per endpoint kind.

- webhook: the Standard Webhooks envelope `{"type", "timestamp", "version", "data"}`,
  signed (`webhook-id`, `webhook-timestamp`, `webhook-signature` = "v1,<base64 HMAC-SHA256
  of id.timestamp.body>", one signature per live secret, space separated: the current one
  and, during a rotation's overlap, the previous one). Made with the `standardwebhooks`
  package, so receivers verify with the same library.
- slack: an incoming-webhook message, `text` + Block Kit `blocks` (header, section, link).
- discord: an execute-webhook message, `content` + one embed (title, description, url).
"""

import json
from datetime import datetime, timezone

from django.utils import timezone as dj_timezone
from standardwebhooks.webhooks import Webhook

from .models import WebhookEndpoint
from .secrets import decrypt

PAYLOAD_VERSION = 1
EVENT_TYPES = {
    "changelog.published": "A changelog entry was published (also scheduled ones, when their time comes).",
    "roadmap.status_changed": "A roadmap entry's status changed.",
    "roadmap.vote": "A visitor voted on a roadmap entry (high volume: sent only to endpoints that ask for it).",
    "feedback.created": "A visitor submitted feedback.",
    "feedback.message_created": "A message was added to a feedback thread (internal notes only if asked).",
    "announcement.started": "An announcement started showing (checked every minute).",
    "idea.created": "An idea reached the public board (posted, approved or published by the team).",
    "idea.status_changed": "An idea's status changed (also when its roadmap entry's did).",
    "idea.comment_created": "A comment on an idea was published.",
    "idea.merged": "A duplicate idea was merged into another.",
    "pulse.test": "A test message sent from the dashboard or the Admin API.",
}
# Sent only to endpoints that list them: not in the default set ("no type chosen").
OPT_IN_EVENT_TYPES = frozenset({"roadmap.vote"})
DISCORD_COLOR = 0x4F46E5


def envelope(event):
    return {
        "type": event.type,
        "timestamp": event.created_at.astimezone(timezone.utc).isoformat().replace("+00:00", "Z"),
        "version": PAYLOAD_VERSION,
        "data": event.payload,
    }


def signing_secrets(endpoint, now=None):
    """The secrets to sign with now: the current one, and the previous one during its overlap."""
    now = now or dj_timezone.now()
    live = [decrypt(endpoint.secret_encrypted)]
    if (
        endpoint.previous_secret_encrypted
        and endpoint.previous_secret_expires_at
        and endpoint.previous_secret_expires_at > now
    ):
        live.append(decrypt(endpoint.previous_secret_encrypted))
    return live


def _summary_text(event):
    summary = event.summary or {}
    return summary.get("title") or event.type, summary.get("text", ""), summary.get("url", "")


def render(endpoint, event, now=None):
    """(body bytes, headers) of `event` for `endpoint`."""
    if endpoint.kind == WebhookEndpoint.Kind.WEBHOOK:
        body = json.dumps(envelope(event), separators=(",", ":"), ensure_ascii=False)
        sent_at = (now or dj_timezone.now()).astimezone(timezone.utc)
        signatures = [
            Webhook(secret).sign(
                msg_id=event.message_id,
                timestamp=datetime.fromtimestamp(int(sent_at.timestamp()), timezone.utc),
                data=body,
            )
            for secret in signing_secrets(endpoint, now)
        ]
        headers = {
            "content-type": "application/json",
            "webhook-id": event.message_id,
            "webhook-timestamp": str(int(sent_at.timestamp())),
            "webhook-signature": " ".join(signatures),
        }
        return body.encode(), headers
    title, text, url = _summary_text(event)
    if endpoint.kind == WebhookEndpoint.Kind.SLACK:
        blocks = [
            {"type": "header", "text": {"type": "plain_text", "text": title[:150]}},
        ]
        if text:
            blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": text[:2900]}})
        if url:
            blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": f"<{url}|Open in Pulse>"}]})
        message = {"text": title, "blocks": blocks}
    else:
        embed = {"title": title[:256], "description": text[:4000], "color": DISCORD_COLOR}
        if url:
            embed["url"] = url
        message = {"content": title[:2000], "embeds": [embed], "allowed_mentions": {"parse": []}}
    return json.dumps(message).encode(), {"content-type": "application/json"}
