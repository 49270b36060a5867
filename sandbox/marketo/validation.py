"""Validation of custom activity type and attribute bodies, and of activity attribute values.

Why response-level errors with the field named: a provisioning tool must be able to tell its user
which field broke which rule; Marketo's codes (701 blank, 1003 invalid data, ...) carry a message.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from sandbox.marketo.envelope import MarketoError

DATA_TYPES = (
    "string", "boolean", "integer", "float", "link", "email", "currency", "date", "datetime", "phone", "text",
)
MAX_NAME = 255
API_NAME = re.compile(r"^[A-Za-z0-9]+$")
DISPLAY_NAME = re.compile(r"^[A-Za-z0-9 _]+$")
LETTER = re.compile(r"[A-Za-z]")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

TYPE_FIELDS = ("apiName", "name", "description", "triggerName", "filterName", "primaryAttribute")
ATTRIBUTE_FIELDS = ("apiName", "name", "description", "dataType", "isPrimary")


def require_object(value: Any, field: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise MarketoError("1003", f"Invalid data: '{field}' must be a JSON object")
    return value


def check_unknown(body: dict[str, Any], allowed: tuple[str, ...], where: str, policy: str) -> None:
    if policy == "ignore":
        return
    unknown = sorted(set(body) - set(allowed))
    if unknown:
        raise MarketoError("1003", f"Invalid data: unknown field '{unknown[0]}' in {where}; "
                                   f"allowed: {', '.join(allowed)}")


def text(body: dict[str, Any], field: str, *, required: bool, where: str = "") -> str | None:
    label = f"{where}.{field}" if where else field
    value = body.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise MarketoError("701", f"{label} cannot be blank")
        return None
    if not isinstance(value, str):
        raise MarketoError("1003", f"Invalid data: '{label}' must be a string")
    if len(value) > MAX_NAME and field != "description":
        raise MarketoError("1003", f"Invalid data: '{label}' is longer than {MAX_NAME} characters")
    return value


def api_name(value: str, label: str) -> str:
    if not API_NAME.match(value) or not LETTER.search(value):
        raise MarketoError("1003", f"Invalid data: '{label}' must be alphanumeric and contain at least "
                                   f"one letter, got '{value}'")
    return value


def display_name(value: str, label: str) -> str:
    if not DISPLAY_NAME.match(value) or not LETTER.search(value):
        raise MarketoError("1003", f"Invalid data: '{label}' may hold letters, digits, spaces and "
                                   f"underscores and must contain a letter, got '{value}'")
    return value


def attribute(body: Any, where: str, policy: str, *, need_type: bool, default_type: str | None) -> dict[str, Any]:
    """One attribute definition, normalised to {apiName, name, description?, dataType, isPrimary?}."""
    body = require_object(body, where)
    check_unknown(body, ATTRIBUTE_FIELDS, where, policy)
    out: dict[str, Any] = {}
    out["apiName"] = api_name(str(text(body, "apiName", required=True, where=where)), f"{where}.apiName")
    name = text(body, "name", required=True, where=where)
    out["name"] = name
    description = text(body, "description", required=False, where=where)
    if description is not None:
        out["description"] = description
    data_type = text(body, "dataType", required=need_type and default_type is None, where=where)
    if data_type is None:
        data_type = default_type
    if data_type is not None:
        if data_type not in DATA_TYPES:
            raise MarketoError("1003", f"Invalid data: '{where}.dataType' must be one of "
                                       f"{', '.join(DATA_TYPES)}, got '{data_type}'")
        out["dataType"] = data_type
    if "isPrimary" in body and body["isPrimary"] is not None:
        if not isinstance(body["isPrimary"], bool):
            raise MarketoError("1003", f"Invalid data: '{where}.isPrimary' must be a boolean")
        out["isPrimary"] = body["isPrimary"]
    return out


def partial_attribute(body: Any, where: str, policy: str) -> dict[str, Any]:
    """An attribute in an update: ``apiName`` is the key, the other fields are optional."""
    body = require_object(body, where)
    check_unknown(body, ATTRIBUTE_FIELDS, where, policy)
    out: dict[str, Any] = {"apiName": str(text(body, "apiName", required=True, where=where))}
    for field in ("name", "description", "dataType"):
        if field in body:
            value = text(body, field, required=field != "description", where=where)
            if value is not None or field == "description":
                out[field] = value  # description "" or null clears it (see docs/sandbox/marketo.md)
    if "dataType" in out and out["dataType"] not in DATA_TYPES:
        raise MarketoError("1003", f"Invalid data: '{where}.dataType' must be one of {', '.join(DATA_TYPES)}, "
                                   f"got '{out['dataType']}'")
    if "isPrimary" in body and body["isPrimary"] is not None:
        if not isinstance(body["isPrimary"], bool):
            raise MarketoError("1003", f"Invalid data: '{where}.isPrimary' must be a boolean")
        out["isPrimary"] = body["isPrimary"]
    return out


def attribute_list(body: dict[str, Any], policy: str) -> list[Any]:
    check_unknown(body, ("attributes",), "the request body", policy)
    items = body.get("attributes")
    if items is None or items == []:
        raise MarketoError("701", "attributes cannot be blank")
    if not isinstance(items, list):
        raise MarketoError("1003", "Invalid data: 'attributes' must be an array")
    return items


# -- activity attribute values ------------------------------------------------------------------
def _is_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    if isinstance(value, str):
        try:
            float(value)
        except ValueError:
            return False
        return True
    return False


def parse_datetime(value: str) -> datetime | None:
    candidate = value.strip()
    if candidate.endswith("Z"):
        candidate = candidate[:-1] + "+00:00"
    if re.search(r"[+-]\d{4}$", candidate):  # "+0000" as some Marketo APIs write it
        candidate = candidate[:-2] + ":" + candidate[-2:]
    try:
        return datetime.fromisoformat(candidate)
    except ValueError:
        return None


def value_fits(value: Any, data_type: str) -> bool:
    """Whether an activity attribute value matches the attribute's data type (1001 otherwise)."""
    if value is None:
        return True
    if data_type in ("string", "link", "phone"):
        return isinstance(value, str) and len(value) <= MAX_NAME
    if data_type == "email":
        return isinstance(value, str) and bool(EMAIL.match(value))
    if data_type == "text":
        return isinstance(value, str) and len(value.encode()) <= 30000
    if data_type == "integer":
        if isinstance(value, bool):
            return False
        if isinstance(value, int):
            return True
        return isinstance(value, str) and re.fullmatch(r"[+-]?\d+", value.strip()) is not None
    if data_type in ("float", "currency"):
        return _is_number(value)
    if data_type == "boolean":
        return isinstance(value, bool) or (isinstance(value, str) and value.lower() in ("true", "false"))
    if data_type == "date":
        if not isinstance(value, str):
            return False
        try:
            date.fromisoformat(value)
        except ValueError:
            return False
        return re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) is not None
    if data_type == "datetime":
        return isinstance(value, str) and parse_datetime(value) is not None
    return True
