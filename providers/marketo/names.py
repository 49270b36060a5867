"""Stack-wide rules ``check`` enforces without an API call: unique trigger/filter names, <= 10 types.

``check`` sees one resource at a time and has no stack-level view, so the provider process keeps
a registry of what ``check`` has seen: the engine runs one provider process per stack operation
and checks every resource of the stack in it, so the registry is exactly "this stack, this run".
A name is owned by the type ``apiName`` that claimed it first; the same type checked twice
(preview, then update) is not a conflict. Comparison ignores case, the stricter reading of
"must be unique" (Marketo does not document case sensitivity).
"""

from __future__ import annotations

import threading

from providers.core.errors import ValidationError
from providers.marketo.models import MAX_TYPES_PER_INSTANCE

_lock = threading.Lock()
_triggers: dict[str, str] = {}
_filters: dict[str, str] = {}
_types: set[str] = set()


def claim(api_name: str, trigger_name: str, filter_name: str) -> list[ValidationError]:
    """Register one type's names; the failures name the field, the rule and the other type."""
    failures: list[ValidationError] = []
    with _lock:
        for field, registry, value in (("triggerName", _triggers, trigger_name),
                                       ("filterName", _filters, filter_name)):
            owner = registry.setdefault(value.casefold(), api_name)
            if owner != api_name:
                failures.append(ValidationError(
                    field, f"{value!r} is already the {field} of custom activity type {owner!r} in this "
                    f"stack; trigger and filter names must be unique"))
        _types.add(api_name)
        if len(_types) > MAX_TYPES_PER_INSTANCE:
            failures.append(ValidationError(
                "apiName", f"this stack declares {len(_types)} custom activity types "
                f"({', '.join(sorted(_types))}); a Marketo instance holds at most {MAX_TYPES_PER_INSTANCE}"))
    return failures


def stack_types() -> set[str]:
    """The type apiNames this stack declares (as far as ``check`` has seen them)."""
    with _lock:
        return set(_types)


def reset() -> None:
    """Forget everything (unit tests)."""
    with _lock:
        _triggers.clear()
        _filters.clear()
        _types.clear()
