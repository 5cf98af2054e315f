"""Public identifiers that reveal neither volume nor order of creation across tenants."""

import os
import time
import uuid


def uuid7(*, at_ms=None):
    """A UUID version 7 (RFC 9562): 48 bits of Unix time in ms, then 74 random bits.

    `at_ms` (int, ms since the epoch) sets the time part, default now. The random part makes
    the id unguessable and says nothing about how many ids were made before it; the time
    prefix keeps B-tree inserts near the index's right edge (like a sequence would). Python
    3.14 has `uuid.uuid7`; this is the same layout for the Pythons Pulse supports.
    """
    ms = int(time.time() * 1000) if at_ms is None else int(at_ms)
    value = (ms & 0xFFFF_FFFF_FFFF) << 80 | int.from_bytes(os.urandom(10), "big")
    value = value & ~(0xF << 76) | 0x7 << 76  # version 7
    value = value & ~(0x3 << 62) | 0x2 << 62  # RFC 9562 variant
    return uuid.UUID(int=value)
