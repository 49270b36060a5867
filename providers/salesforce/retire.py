"""Retiring objects the Tooling API cannot delete, and taking them back on a later create.

The Tooling API documents no DELETE for extensions and activity types (reference §2.1, §2.2).
A Pulumi delete therefore *retires* them: IsActive=false, assignments removed, and a marker at the
start of the Description that names the object's DeveloperName. Setup users see the marker; a
later create with the same DeveloperName finds the marker and takes the object back instead of
creating a duplicate. Activity-type DeveloperNames are updatable, so a retired activity type is
also renamed (``<name>_retired<id suffix>``): an activity type moved to another extension can then
be re-created under its old name at once (names are unique org-wide).

When the org's describe says an object is ``deletable``, a real DELETE is tried first.
"""

from __future__ import annotations

import re
import threading
from typing import Any

from providers.core.errors import ApiError
from providers.salesforce.tooling import ToolingClient

MARKER_PREFIX = "[retired by activity-schemas: "
_MARKER = re.compile(r"^\[retired by activity-schemas: ([A-Za-z0-9_]+)\] ?(.*)$", re.DOTALL)

_deletable: dict[tuple[str, str], bool] = {}
_lock = threading.Lock()
_describe_lock = threading.Lock()


DESCRIPTION_MAX = 1000  # unpublished; the sandbox's choice, and the marker must fit in it


def retired_description(developer_name: str, description: str | None) -> str:
    text = f"{MARKER_PREFIX}{developer_name}]" + (f" {description}" if description else "")
    return text[:DESCRIPTION_MAX]


def parse_marker(description: str | None) -> tuple[str, str | None] | None:
    """``(original DeveloperName, original description)`` of a retired object, else None."""
    if not description:
        return None
    found = _MARKER.match(description)
    if not found:
        return None
    return found.group(1), (found.group(2) or None)


def retired_developer_name(developer_name: str, id_: str) -> str:
    """A name that frees the original one: still valid (§2.7), at most 40 characters, unique by id."""
    suffix = f"_retired{id_[-6:]}"
    return developer_name[: 40 - len(suffix)].rstrip("_") + suffix


def org_allows_delete(client: ToolingClient, sobject: str) -> bool:
    """True when the org's describe marks the object ``deletable`` (read once per process)."""
    key = (client.conn.settings.org_key, sobject)
    with _describe_lock:  # parallel deletes ask once
        with _lock:
            if key in _deletable:
                return _deletable[key]
        describe = client.describe(sobject, operation=f"describe {sobject}")
        allowed = bool(describe and describe.get("deletable") is True)
        with _lock:
            _deletable[key] = allowed
        return allowed


def try_delete(client: ToolingClient, sobject: str, id_: str, label: str) -> bool:
    """A real DELETE when the org allows it; False (retire instead) when it does not."""
    if not org_allows_delete(client, sobject):
        return False
    try:
        client.delete(sobject, id_, operation=f"delete {label}")
    except ApiError as error:
        if error.status in (404,):
            return True
        if error.code == "DELETE_FAILED":  # e.g. retired activity types still point to it
            return False
        if error.status == 405 or error.code == "METHOD_NOT_ALLOWED":
            with _lock:
                _deletable[(client.conn.settings.org_key, sobject)] = False
            return False
        raise
    return True


def live_description(record: dict[str, Any]) -> str | None:
    value = record.get("Description")
    return str(value) if value not in (None, "") else None


def clear_cache() -> None:
    with _lock:
        _deletable.clear()
