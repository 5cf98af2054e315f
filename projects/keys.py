"""The format of API keys: `plsk_` + 43 base62 characters of secret + 6 of CRC32 checksum.

The secret carries 256 bits. The checksum lets a mistyped or made-up key be refused
before any query and lets secret scanners recognise real keys. Only the SHA-256 digest
and a short display prefix are ever stored.
"""

import hashlib
import re
import secrets
import zlib

KEY_PREFIX = "plsk_"
SECRET_LENGTH = 43
CHECKSUM_LENGTH = 6
DISPLAY_PREFIX_LENGTH = len(KEY_PREFIX) + 8
_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_KEY_PATTERN = re.compile(rf"^{KEY_PREFIX}[0-9A-Za-z]{{{SECRET_LENGTH + CHECKSUM_LENGTH}}}$")


def _base62(number, width):
    digits = []
    while number:
        number, remainder = divmod(number, 62)
        digits.append(_BASE62[remainder])
    return "".join(reversed(digits)).rjust(width, "0")


def _checksum(secret):
    return _base62(zlib.crc32(secret.encode()), CHECKSUM_LENGTH)


def generate_raw_key():
    secret = "".join(secrets.choice(_BASE62) for _ in range(SECRET_LENGTH))
    return f"{KEY_PREFIX}{secret}{_checksum(secret)}"


def is_well_formed(raw_key):
    if not isinstance(raw_key, str) or not _KEY_PATTERN.match(raw_key):
        return False
    body = raw_key[len(KEY_PREFIX) :]
    return _checksum(body[:SECRET_LENGTH]) == body[SECRET_LENGTH:]


def display_prefix(raw_key):
    return raw_key[:DISPLAY_PREFIX_LENGTH]


def key_digest(raw_key):
    return hashlib.sha256(raw_key.encode()).hexdigest()
