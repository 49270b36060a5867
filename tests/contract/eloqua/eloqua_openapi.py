"""Validates sandbox responses against Oracle's Eloqua OpenAPI 3 file.

Resolves the response schema of a path + method + status (inlining every ``$ref``) and validates
with ``openapi-schema-validator`` (OAS 3.0 semantics, ``nullable`` included). ``strict`` also
refuses properties the spec does not declare, which the spec itself leaves open: the sandbox
must not invent fields.
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Any

import yaml
from openapi_schema_validator import OAS30Validator

SPEC_FILE = Path("/work/shared/reference/openapi/eloqua-rest-2.0.yaml")
if not SPEC_FILE.exists():  # the reference lives beside the repository
    SPEC_FILE = Path(__file__).resolve().parents[4] / "shared" / "reference" / "openapi" / "eloqua-rest-2.0.yaml"


@functools.cache
def spec() -> dict[str, Any]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with SPEC_FILE.open() as handle:
        doc: dict[str, Any] = yaml.load(handle, Loader=loader)  # noqa: S506 - a safe loader
    return doc


def _resolve(node: Any, seen: tuple[str, ...] = ()) -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            if ref in seen:
                raise ValueError(f"recursive $ref {ref}")
            target: Any = spec()
            for part in ref.removeprefix("#/").split("/"):
                target = target[part]
            return _resolve(copy.deepcopy(target), (*seen, ref))
        return {k: _resolve(v, seen) for k, v in node.items()}
    if isinstance(node, list):
        return [_resolve(v, seen) for v in node]
    return node


def _closed(schema: Any) -> Any:
    """Every object schema with declared properties refuses undeclared ones."""
    if isinstance(schema, dict):
        out = {k: _closed(v) for k, v in schema.items()}
        if out.get("type") == "object" and "properties" in out and "additionalProperties" not in out:
            out["additionalProperties"] = False
        return out
    if isinstance(schema, list):
        return [_closed(v) for v in schema]
    return schema


def response_schema(path: str, method: str, status: int, *, strict: bool = True) -> dict[str, Any]:
    operation = spec()["paths"][path][method.lower()]
    responses = operation["responses"]
    response = responses.get(status, responses.get(str(status)))
    if response is None:
        raise KeyError(f"{method} {path} documents no {status} response")
    content = response.get("content") or {}
    if "application/json" not in content:
        raise KeyError(f"{method} {path} {status} documents no JSON body")
    schema: dict[str, Any] = _resolve(content["application/json"]["schema"])
    return _closed(schema) if strict else schema


def request_schema(path: str, method: str, *, strict: bool = True) -> dict[str, Any]:
    """The documented JSON request body of a path + method."""
    body = spec()["paths"][path][method.lower()]["requestBody"]
    schema: dict[str, Any] = _resolve(body["content"]["application/json"]["schema"])
    return _closed(schema) if strict else schema


def validate_request(path: str, method: str, body: Any, *, strict: bool = True) -> None:
    """Raises ``jsonschema.ValidationError`` when a client sends what the spec does not describe."""
    OAS30Validator(request_schema(path, method, strict=strict)).validate(body)


def documented_statuses(path: str, method: str) -> set[int]:
    return {int(k) for k in spec()["paths"][path][method.lower()]["responses"]}


def validate(path: str, method: str, status: int, body: Any, *, strict: bool = True) -> None:
    """Raises ``jsonschema.ValidationError`` when ``body`` breaks the documented schema."""
    if status not in documented_statuses(path, method):
        raise AssertionError(f"{method} {path} does not document status {status}")
    OAS30Validator(response_schema(path, method, status, strict=strict)).validate(body)
