"""The benchmarked pulumi operations on one stack: up, no-op up, preview --refresh, drift, destroy.

``drift`` is what ``activity-schemas drift`` does (activity_schemas/drift.py): refresh a *copy* of
the state with the real engine and compare it with the original, so it is measured the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from activity_schemas.drift import compare, stack_copy
from activity_schemas.engine import Stack, offline_env

SANDBOX_KEY = "activity-schemas:sandboxEndpoints"


def make_stack(project_dir: Path, work_dir: Path, endpoints_file: Path, bin_dir: Path) -> Stack:
    """A stack ``bench`` of ``project_dir`` on its own file backend, pointed at the sandbox."""
    env = offline_env(work_dir / "state", work_dir / "pulumi-home", bin_dir=bin_dir,
                      extra={"PYTHONDONTWRITEBYTECODE": "1"})
    stack = Stack(project_dir, "bench", env, timeout=1800.0).init()
    stack.set_config(SANDBOX_KEY, str(endpoints_file))
    return stack


def _kinds() -> dict[str, Any]:
    try:
        from activity_schemas.kinds import resource_kinds

        return resource_kinds()
    except Exception:  # the kinds table is the lead's; drift still counts changes without it
        return {}


def drift(stack: Stack) -> dict[str, Any]:
    """Refresh a copy of the state and compare: the findings count (0 right after an ``up``)."""
    before = stack.export().get("deployment", {})
    with stack_copy(stack) as copy:
        copy.refresh()
        after = copy.export().get("deployment", {})
    findings = compare(before, after, _kinds())
    return {"findings": len(findings), "categories": sorted({f.category for f in findings})}


def operations(stack: Stack) -> dict[str, Callable[[], Any]]:
    """Each benchmarked operation as a callable, in the order the run performs them."""
    return {
        "up": lambda: stack.up(),
        "noop_up": lambda: stack.up(),
        "preview_refresh": lambda: stack.preview("--refresh"),
        "drift": lambda: drift(stack),
        "destroy": lambda: stack.destroy(),
    }
