"""Field rules shared by the Eloqua objects: names, read-only fields, unknown fields.

Every rule the docs leave open (name length, case-insensitive uniqueness, unknown fields) has a
parity switch, listed in docs/sandbox/eloqua.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sandbox.context import SandboxContext
from sandbox.eloqua.errors import EloquaError, not_found, object_error

# Fields every Eloqua asset carries that a client may send back unchanged (they are ignored).
READ_ONLY = frozenset({
    "type", "id", "folderId", "permissions", "createdAt", "createdBy", "updatedAt", "updatedBy",
    "accessedAt", "scheduledFor", "depth", "currentStatus", "sourceTemplateId",
})


def setting(ctx: SandboxContext, name: str, default: Any) -> Any:
    return ctx.setting("eloqua", name, default)


def now(ctx: SandboxContext) -> str:
    """Eloqua timestamps: Unix seconds as a JSON string."""
    return str(int(ctx.clock.now()))


def same_name(ctx: SandboxContext, a: str, b: str) -> bool:
    if setting(ctx, "names_case_sensitive", False):
        return a == b
    return a.casefold() == b.casefold()


def stored(ctx: SandboxContext, kind: str, id_: str) -> dict[str, Any]:
    """The stored document, or Eloqua's 404 for an id that is not there."""
    doc = ctx.store.get(kind, id_)
    if doc is None:
        raise not_found()
    return doc


def named(ctx: SandboxContext, kind: str, name: str) -> dict[str, Any] | None:
    """The stored document whose name matches under the site's name comparison."""
    for doc in ctx.store.all(kind):
        if same_name(ctx, doc["name"], name):
            return doc
    return None


def check_fields(ctx: SandboxContext, object_type: str, body: Mapping[str, Any], writable: Iterable[str]) -> None:
    if setting(ctx, "unknown_fields", "reject") != "reject":
        return
    allowed = READ_ONLY | set(writable)
    unknown = [k for k in body if k not in allowed]
    if unknown:
        raise EloquaError(400, [object_error(object_type, k, "SyntaxRequirement", body[k]) for k in unknown])


def name_value(ctx: SandboxContext, object_type: str, value: Any, prop: str = "name") -> str:
    """A required, non-blank name of at most ``name_max_length`` characters."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise EloquaError(400, [object_error(object_type, prop, "NotNullRequirement", value)])
    if not isinstance(value, str):
        raise EloquaError(400, [object_error(object_type, prop, "SyntaxRequirement", value)])
    limit = int(setting(ctx, "name_max_length", 100))
    if len(value) > limit:
        raise EloquaError(400, [object_error(object_type, prop, "ValidTextLengthRequirement", value[:50],
                                             minimum=1, maximum=limit)])
    return value


def text_value(object_type: str, prop: str, value: Any, limit: int = 2000) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise EloquaError(400, [object_error(object_type, prop, "SyntaxRequirement", value)])
    if len(value) > limit:
        raise EloquaError(400, [object_error(object_type, prop, "ValidTextLengthRequirement", value[:50],
                                             minimum=0, maximum=limit)])
    return value


def conflict(object_type: str, name: str) -> EloquaError:
    """409 with the validation body that says which rule: the name is taken."""
    return EloquaError(409, [object_error(object_type, "name", "UniquenessRequirement", name)])
