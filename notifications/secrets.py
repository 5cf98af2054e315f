"""Webhook signing secrets: made (`whsec_` + base64 of 24 random bytes, the Standard Webhooks
form), stored encrypted, read back to sign.

A receiver verifies with the secret itself, so it cannot be hashed: it is sealed with the
core's one mechanism (`pulse.sealed`: Fernet under a key derived from SECRET_KEY with this
module's salt).
"""

import base64
import secrets

from pulse.sealed import seal, unseal

PREFIX = "whsec_"
SALT = "pulse.notifications.webhook-secret"


def new_secret():
    """A fresh signing secret: 'whsec_' + base64 of 24 random bytes."""
    return PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


def encrypt(secret):
    return seal(secret, salt=SALT)


def decrypt(token):
    """The secret; raises ValueError when no current or fallback SECRET_KEY decrypts it."""
    try:
        return unseal(token, salt=SALT)
    except ValueError as exc:
        raise ValueError("The webhook secret cannot be decrypted with SECRET_KEY or its fallbacks") from exc
