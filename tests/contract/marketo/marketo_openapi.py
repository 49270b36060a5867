"""Validate Marketo responses against Adobe's Swagger 2.0 files (reference ``openapi/``).

The response schema of a path + method is taken from the spec, its ``$ref``s are inlined from
``definitions`` (Swagger 2.0 definitions are JSON Schema draft 4), and the body is validated with
``jsonschema``'s Draft 4 validator.

One documented relaxation: Adobe's spec reuses the *request* schema ``CustomActivity`` for the result
items of Add Custom Activities, so it marks ``leadId``, ``activityDate``, ``id``... as required in the
response, which Adobe's own example response (``{"id", "marketoGUID", "status"}`` /
``{"status": "skipped", "errors"}``) does not have. For that endpoint only, ``required`` is dropped
from the result items; their properties (types, the ``status`` enum, ``errors`` items) are still checked.
And for Get Lead Activities, ``Attribute.value`` is not type-checked (see ``UNTYPED_ATTRIBUTE_VALUES``).
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

REFERENCE = Path("/work/shared/reference/openapi")
LEAD_DATABASE = REFERENCE / "marketo-lead-database.json"
IDENTITY = REFERENCE / "marketo-identity.json"

RELAXED_ITEMS = {("post", "/rest/v1/activities/external.json")}
# ``Attribute.value`` is typed ``object`` (a Java ``Object`` in the generator); the seed document's own
# Get Lead Activities example holds strings and numbers there, so its type is not checked.
UNTYPED_ATTRIBUTE_VALUES = {("get", "/rest/v1/activities.json")}


@cache
def _spec(path: Path) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(path.read_text())
    return doc


def _inline(node: Any, definitions: dict[str, Any], seen: tuple[str, ...] = ()) -> Any:
    if isinstance(node, dict):
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[-1]
            if name in seen:  # a recursive definition: stop inlining, accept any object
                return {"type": "object"}
            return _inline(definitions[name], definitions, (*seen, name))
        return {k: _inline(v, definitions, seen) for k, v in node.items()}
    if isinstance(node, list):
        return [_inline(v, definitions, seen) for v in node]
    return node


def response_schema(method: str, path: str, status: str = "200") -> dict[str, Any]:
    """The inlined response schema of ``method path`` (a template path, as written in the spec)."""
    spec_file = IDENTITY if path.startswith("/identity") else LEAD_DATABASE
    spec = _spec(spec_file)
    operation = spec["paths"][path][method.lower()]
    schema = copy.deepcopy(operation["responses"][status]["schema"])
    inlined: dict[str, Any] = _inline(schema, spec["definitions"])
    if (method.lower(), path) in RELAXED_ITEMS:
        inlined["properties"]["result"]["items"].pop("required", None)
    if (method.lower(), path) in UNTYPED_ATTRIBUTE_VALUES:
        inlined["properties"]["result"]["items"]["properties"]["attributes"]["items"]["properties"]["value"].pop(
            "type", None)
    return inlined


def has_operation(method: str, path: str) -> bool:
    spec = _spec(IDENTITY if path.startswith("/identity") else LEAD_DATABASE)
    return method.lower() in spec["paths"].get(path, {})


def validate(method: str, path: str, body: Any) -> None:
    """Raise ``jsonschema.ValidationError`` when ``body`` does not match the spec."""
    jsonschema.Draft4Validator(response_schema(method, path)).validate(body)


def validate_error_envelope(body: Any) -> None:
    """An error answer to a path or method the spec lacks (605, 610): any envelope of the spec
    must accept it, as its ``result`` is empty; the activity types envelope is used."""
    validate("get", "/rest/v1/activities/types.json", body)
    if body.get("success") is not False:
        raise jsonschema.ValidationError("an unknown path or method must answer success: false")
