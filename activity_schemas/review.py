"""A pull-request report of what ``pulumi preview`` would do, field by field, risks first.

Input: the JSON of ``pulumi preview --json``. Dynamic providers send no detailed diff, so the
report compares each step's old and new *inputs* itself (``providers.core.diffing``), knowing from
the resource kinds which lists are keyed by name and which fields are names that submitters send.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from providers.core.diffing import FieldChange, field_changes

SKIPPED_OPS = {"same", "read", "refresh", "discard", "remove-pending-replace"}
OP_LABEL = {
    "create": "create",
    "update": "update in place",
    "replace": "replace",
    "create-replacement": "replace",
    "delete-replaced": "replace",
    "delete": "delete",
    "import": "adopt",
}


@dataclass(frozen=True)
class KindInfo:
    """What the report knows about one resource type token."""

    label: str
    keyed_lists: Mapping[str, str] = field(default_factory=dict)
    submission_fields: tuple[str, ...] = ()  # values submitters send: changing them breaks senders
    activation_fields: tuple[str, ...] = ()
    lossy_lists: tuple[str, ...] = ()  # removing an item loses data (Marketo attributes...)
    delete_note: str = "deleted in the org"


@dataclass
class ResourceChange:
    urn: str
    type: str
    name: str
    op: str
    kind: KindInfo
    changes: list[FieldChange]
    replace_reasons: list[str]
    risks: list[str]

    @property
    def destructive(self) -> bool:
        return self.op in ("replace", "delete")


def _name_of(urn: str) -> str:
    return urn.split("::")[-1]


def _inputs(state: Mapping[str, Any] | None) -> dict[str, Any]:
    inputs = dict((state or {}).get("inputs") or {})
    inputs.pop("__provider", None)
    return inputs


def collect(preview: Mapping[str, Any], kinds: Mapping[str, KindInfo]) -> list[ResourceChange]:
    """One entry per resource the preview changes (a replacement's several steps merged)."""
    merged: dict[str, ResourceChange] = {}
    for step in preview.get("steps", []):
        op = OP_LABEL.get(step.get("op", ""), step.get("op", ""))
        if step.get("op") in SKIPPED_OPS:
            continue
        state = step.get("newState") or step.get("oldState") or {}
        type_ = state.get("type", "")
        if not state.get("custom", True) or type_.startswith("pulumi:"):
            continue
        kind = kinds.get(type_, KindInfo(label=type_.split(":")[-1]))
        old, new = _inputs(step.get("oldState")), _inputs(step.get("newState"))
        if op == "delete":
            new = {}
        changes = field_changes(old, new, keyed_lists=kind.keyed_lists) if op != "delete" else []
        if op == "create":
            changes = [c for c in changes if c.field not in INSTRUCTION_FIELDS or c.new not in (False, None)]
        if op == "update in place":
            changes = _with_live_activation(changes, step.get("oldState"), new, kind)
        urn = step["urn"]
        entry = merged.get(urn)
        if entry is None:
            entry = ResourceChange(urn, type_, _name_of(urn), op, kind, changes, [], [])
            merged[urn] = entry
        elif op == "replace":
            entry.op = "replace"
            entry.changes = entry.changes or changes
        entry.replace_reasons = sorted(set(entry.replace_reasons) | set(step.get("replaceReasons") or []))
    for entry in merged.values():
        entry.risks = _risks(entry)
    return sorted(merged.values(), key=lambda e: (not e.risks, e.type, e.name))


def _with_live_activation(changes: list[FieldChange], old_state: Mapping[str, Any] | None,
                          new: Mapping[str, Any], kind: KindInfo) -> list[FieldChange]:
    """Add the activation an update applies although the declared value did not change.

    Activation never happens on create: an Activation created with ``active: true`` keeps that
    input while its ``active`` output is the live ``false``, and the next update is the one that
    activates (likewise ``false`` over a live active extension, then deactivates). Its old and new
    *inputs* are equal, so the switch shows only against the live output.
    """
    outputs = (old_state or {}).get("outputs") or {}
    seen = {c.field for c in changes}
    extra = [
        FieldChange(name, "changed", outputs[name], new[name])
        for name in kind.activation_fields
        if name not in seen and isinstance(outputs.get(name), bool) and isinstance(new.get(name), bool)
        and outputs[name] != new[name]
    ]
    return sorted(changes + extra, key=lambda c: c.path) if extra else changes


def _risks(entry: ResourceChange) -> list[str]:
    kind = entry.kind
    risks: list[str] = []
    if entry.op == "replace":
        reasons = ", ".join(entry.replace_reasons) or "a field that cannot change in place"
        risks.append(f"**replaced** (delete, then create) because of {reasons}")
    if entry.op == "delete":
        risks.append(f"**removed from the code**: {kind.delete_note}")
    for change in entry.changes:
        if change.field in kind.lossy_lists and change.kind == "removed" and change.path != change.field:
            risks.append(f"`{change.path}` **removed**: its data is lost, and submitters that send it fail")
            continue
        if change.field in kind.submission_fields and entry.op != "create":
            risks.append(
                f"`{change.path}` changes a name that submitters send ({_fmt(change.old)} → {_fmt(change.new)})"
            )
        if change.field in kind.activation_fields and entry.op != "create":
            verb = "activates" if change.new is True else "deactivates"
            risks.append(f"{verb}: `{change.path}` {_fmt(change.old)} → {_fmt(change.new)}")
    if entry.op == "create":
        for name in kind.activation_fields:
            for change in entry.changes:
                if change.path == name and change.new is True:
                    risks.append(
                        f"`{name}` is true, but creating never activates: this `pulumi up` leaves it as it is "
                        f"(inactive when new); the next `pulumi up` activates it, after its own review shows "
                        f"`{name}` `false` → `true`"
                    )
    return risks


# What `pulumi preview --json` shows for a value other resources compute during the update.
UNKNOWN_PLACEHOLDER = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
# Instructions to the provider rather than properties of the object: noise in a create's table.
INSTRUCTION_FIELDS = ("adopt",)


def _fmt(value: Any) -> str:
    if value is None:
        return "∅"
    if value == UNKNOWN_PLACEHOLDER:
        return "*(known after apply)*"
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
    text = text.replace(f'"{UNKNOWN_PLACEHOLDER}"', "(known after apply)")  # inside lists and objects
    text = text.replace("|", "\\|").replace("\n", " ")
    return f"`{text[:80]}`"


@dataclass(frozen=True)
class Thresholds:
    """Safety valves: the review fails when more than this would be replaced or deleted."""

    max_destructive: int | None = None
    max_destructive_percent: float | None = None


def verdict(changes: Iterable[ResourceChange], total_resources: int, thresholds: Thresholds) -> str | None:
    destructive = sum(1 for c in changes if c.destructive)
    if thresholds.max_destructive is not None and destructive > thresholds.max_destructive:
        return f"{destructive} replacements/deletions exceed the threshold of {thresholds.max_destructive}"
    if thresholds.max_destructive_percent is not None and total_resources:
        percent = 100.0 * destructive / total_resources
        if percent > thresholds.max_destructive_percent:
            return (f"{percent:.0f}% of resources replaced/deleted exceeds the threshold of "
                    f"{thresholds.max_destructive_percent:.0f}%")
    return None


def render(stack: str, changes: list[ResourceChange], failure: str | None = None) -> str:
    lines = [f"## activity-schemas plan for `{stack}`", ""]
    if not changes:
        lines += ["No changes. The org matches the code.", ""]
        return "\n".join(lines)
    counts: dict[str, int] = {}
    for change in changes:
        counts[change.op] = counts.get(change.op, 0) + 1
    lines.append("**Summary:** " + ", ".join(f"{n} to {op}" for op, n in sorted(counts.items())))
    lines.append("")
    if failure:
        lines += [f"> [!CAUTION]\n> Safety threshold: {failure}. Apply only after an explicit review.", ""]
    risky = [c for c in changes if c.risks]
    if risky:
        lines += ["### ⚠️ Needs attention", ""]
        for change in risky:
            for risk in change.risks:
                lines.append(f"- {change.kind.label} `{change.name}`: {risk}")
        lines.append("")
    lines += ["### Changes", ""]
    for change in changes:
        lines.append(f"#### {change.kind.label} `{change.name}` — {change.op}")
        lines.append("")
        if change.changes:
            lines += ["| field | old | new |", "| --- | --- | --- |"]
            for fc in change.changes:
                lines.append(f"| `{fc.path}` | {_fmt(fc.old)} | {_fmt(fc.new)} |")
        elif change.op == "delete":
            lines.append(f"{change.kind.delete_note}.")
        lines.append("")
    return "\n".join(lines)
