"""Stack-wide rules ``check`` enforces: unique trigger/filter names, <= 10 types per instance.

``check`` sees one resource at a time and has no stack-level view, so the provider process keeps
a registry of what ``check`` has seen: the engine runs one provider process per stack operation
and checks every resource of the stack in it, so the registry is exactly "this stack, this run".
A name is owned by the type ``apiName`` that claimed it first; the same type checked twice
(preview, then update) is not a conflict. Comparison ignores case, the stricter reading of
"must be unique" (Marketo does not document case sensitivity).

The 10-type limit also counts the live types this stack does not declare: ``check`` of a new
type reads the instance's list once per provider process (``live_types`` caches it, a failed
read included, so a no-op and the check of a type already in state cost no call) and
``limit_failure`` adds them to the types this stack declares.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable

from providers.core.errors import ValidationError
from providers.marketo.models import MAX_TYPES_PER_INSTANCE

_lock = threading.Lock()
_triggers: dict[str, str] = {}
_filters: dict[str, str] = {}
_types: set[str] = set()
_live: dict[str, tuple[str, ...] | None] = {}  # instance key -> live apiNames (None: could not read)
_live_lock = threading.Lock()  # held during the read: concurrent checks make one call, not several


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


def live_types(key: str, fetch: Callable[[], Iterable[str]]) -> tuple[str, ...] | None:
    """The instance's live type apiNames, read with ``fetch`` once per process and ``key``.

    ``fetch`` raising is remembered as None (not retried in this process) and re-raised once,
    so the caller can say why the live types were not counted.
    """
    with _live_lock:
        if key in _live:
            return _live[key]
        try:
            found: tuple[str, ...] | None = tuple(sorted(set(fetch())))
        except Exception:
            _live[key] = None
            raise
        _live[key] = found
        return found


def limit_failure(api_name: str, live: Iterable[str]) -> ValidationError | None:
    """The 10-type rule for a new type: declared by this stack + live and not declared here."""
    with _lock:
        declared = set(_types) | {api_name}
    foreign = sorted(set(live) - declared)
    total = len(declared) + len(foreign)
    if total <= MAX_TYPES_PER_INSTANCE:
        return None
    return ValidationError("apiName", (
        f"a Marketo instance holds at most {MAX_TYPES_PER_INSTANCE} custom activity types; creating "
        f"{api_name!r} would make {total}: this stack declares {len(declared)} "
        f"({', '.join(sorted(declared))}) and the instance already holds {len(foreign)} not managed by "
        f"this stack ({', '.join(foreign)}). Delete unused types in Marketo (Admin > Marketo Custom "
        "Activities) or remove types from this stack. Nothing was created"))


def reset() -> None:
    """Forget everything (unit tests)."""
    with _lock:
        _triggers.clear()
        _filters.clear()
        _types.clear()
    with _live_lock:
        _live.clear()
