"""Secrets Pulse must read back (webhook signing secrets, identity secrets): sealed with
Fernet (AES-128-CBC + HMAC-SHA256) under a key derived from SECRET_KEY.

A secret that only has to be recognised is hashed (API keys); one that Pulse itself signs
or verifies with cannot be, so it is encrypted here. Each use names its own `salt`, so a
key derived for one purpose never opens another's secrets. Keys from SECRET_KEY_FALLBACKS
still decrypt, so SECRET_KEY can be rotated the Django way; a secret sealed under a key
that is gone can no longer be read (rotate that secret then).
"""

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.utils.crypto import salted_hmac


def _fernet(salt):
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet(
        [
            Fernet(base64.urlsafe_b64encode(salted_hmac(salt, "fernet", secret=key, algorithm="sha256").digest()))
            for key in keys
        ]
    )


def seal(secret, *, salt):
    """The Fernet token (str) of `secret` (str) under SECRET_KEY, for the purpose `salt`."""
    return _fernet(salt).encrypt(secret.encode()).decode()


def unseal(token, *, salt):
    """The secret sealed in `token`; ValueError when no current or fallback SECRET_KEY opens it."""
    try:
        return _fernet(salt).decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("The secret cannot be decrypted with SECRET_KEY or its fallbacks") from exc
