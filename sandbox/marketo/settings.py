"""Every Marketo parity switch with its default, in one place (documented in docs/sandbox/marketo.md).

Why one table: the switches are read by several modules, and the doc lists them; a single source
keeps the names and defaults from drifting apart. Change them with ``PUT /_sandbox/settings/marketo``.
"""

from __future__ import annotations

from typing import Any

DEFAULTS: dict[str, Any] = {
    # identity
    "token_ttl_seconds": 3600,
    "accept_query_token": True,  # the deprecated ``access_token`` query parameter
    # limits
    "rate_limit_calls": 100,
    "rate_limit_window_seconds": 20,
    "max_concurrent": 10,
    "daily_quota": 50000,
    "max_types": 10,
    "max_attributes": 20,
    "max_batch": 300,
    "max_body_bytes": 1024 * 1024,
    "max_uri_bytes": 8 * 1024,
    # ids (defaults reproduce the reference examples: type 100001, activities 50, 51, ...)
    "first_type_id": 100001,
    "first_activity_id": 50,
    # choices where the documents are silent
    "unknown_fields": "reject",  # or "ignore"
    "freeze_when": "in_use",  # or "approved"
    "discard_unapproved": "error",  # or "delete"
    "describe_unapproved": "draft",  # or "error"
    "not_found_code": "702",
    "duplicate_code": "709",
    "envelope": "spec",  # or "examples" (omit empty errors/warnings and result on failure)
    "empty_attributes": "omit",  # or "list"
    "read_activity_dates": "utc",  # or "as_sent" (Get Lead Activities' activityDate)
}


def names() -> list[str]:
    return sorted(DEFAULTS)
