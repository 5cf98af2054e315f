"""Webhook signing secrets: made (`whsec_` + base64 of 24 random bytes, the Standard Webhooks
form), stored encrypted, read back to sign.

A receiver verifies with the secret itself, so it cannot be hashed: it is encrypted with
Fernet (AES-128-CBC + HMAC-SHA256) under a key derived from SECRET_KEY (HMAC-SHA256 with a
fixed salt, Django's `salted_hmac`). Keys from SECRET_KEY_FALLBACKS still decrypt, so
SECRET_KEY can be rotated the Django way; a secret encrypted under a key that is gone can
no longer be read (rotate the endpoint's secret then).
"""

import base64
import secrets

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.utils.crypto import salted_hmac

PREFIX = "whsec_"
SALT = "pulse.notifications.webhook-secret"


def new_secret():
    """A fresh signing secret: 'whsec_' + base64 of 24 random bytes."""
    return PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


def _fernet():
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet(
        [
            Fernet(base64.urlsafe_b64encode(salted_hmac(SALT, "fernet", secret=key, algorithm="sha256").digest()))
            for key in keys
        ]
    )


def encrypt(secret):
    return _fernet().encrypt(secret.encode()).decode()


def decrypt(token):
    """The secret; raises ValueError when no current or fallback SECRET_KEY decrypts it."""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("The webhook secret cannot be decrypted with SECRET_KEY or its fallbacks") from exc
