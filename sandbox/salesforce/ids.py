"""Salesforce record ids: 15 case-sensitive characters plus a 3-character case checksum.

Why the checksum: clients compare 18-character ids case-insensitively and some send 15-character
ids; the sandbox must accept both and restore the case exactly as Salesforce does.
"""

from __future__ import annotations

import re
import secrets
import string

_ALPHANUM = string.ascii_letters + string.digits
_SUFFIX_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
_SHAPE = re.compile(r"[A-Za-z0-9]{15}(?:[A-Za-z0-5]{3})?")


def checksum(id15: str) -> str:
    """The 3-character suffix: per 5-character chunk, one bit per uppercase letter."""
    out = []
    for chunk in range(3):
        bits = 0
        for pos, char in enumerate(id15[chunk * 5 : chunk * 5 + 5]):
            if "A" <= char <= "Z":
                bits |= 1 << pos
        out.append(_SUFFIX_CHARS[bits])
    return "".join(out)


def new_id(prefix: str) -> str:
    """A fresh 18-character id: key prefix, a pod-like '5g0', 9 random characters, checksum."""
    body = prefix + "5g0" + "".join(secrets.choice(_ALPHANUM) for _ in range(9))
    return body + checksum(body)


def normalize(raw: str) -> str | None:
    """The canonical 18-character id for a 15- or 18-character id, or None when malformed.

    An 18-character id may arrive with its case lost (lower-cased by a client); the suffix says
    which letters are uppercase, so the case is restored before the checksum is checked.
    """
    if not isinstance(raw, str) or not _SHAPE.fullmatch(raw):
        return None
    if len(raw) == 15:
        return raw + checksum(raw)
    suffix = raw[15:].upper()
    chars = list(raw[:15])
    for chunk, code in enumerate(suffix):
        bits = _SUFFIX_CHARS.index(code)
        for pos in range(5):
            index = chunk * 5 + pos
            char = chars[index]
            if bits & (1 << pos):
                if not char.isalpha():
                    return None
                chars[index] = char.upper()
            elif char.isalpha():
                chars[index] = char.lower()
    body = "".join(chars)
    return body + suffix if checksum(body) == suffix else None
