"""``activity-schemas recover --stack S [--yes]``: finish a stack after a killed ``pulumi up``.

docs/recovery.md, as one command. A killed run can leave the stack locked, pending operations in
the state, and objects in the org that the state does not know (the providers refuse to create
them twice and ask for ``adopt``). This command:

1. runs ``pulumi up``;
2. if the stack is locked, runs ``pulumi cancel`` and ``pulumi up`` again, but only with ``--yes``:
   only the user can know that no other run of the stack is still going;
3. if a provider asks for ``adopt``, sets ``activity-schemas:adopt`` for one ``pulumi up`` (it takes
   over only what matches the declaration, or a never-approved Marketo draft), removes the setting
   and records that in the state with a run targeted at the resources whose only change is ``adopt``
   (no API write);
4. ends with a preview: a pending Account Engagement activation is left for the person who chose it
   (the next ``pulumi up``), anything else still changing is reported as not recovered.

Exit 0: recovered (maybe with an activation pending review); 1: not recovered; 2: cannot start.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from activity_schemas.engine import REPO_ROOT, PulumiError, Stack
from activity_schemas.review_cmd import stack_env
from activity_schemas.stacks import read_stack
from providers.core.redact import redact

ADOPT_KEY = "activity-schemas:adopt"
ACTIVATION_TYPE = "accountengagement:Activation"
LOCKED = "the stack is currently locked"


class RecoveryFailed(RuntimeError):
    """A step of the recovery could not run (e.g. the preview itself fails)."""


@dataclass
class Recovery:
    """What the recovery did (``steps``) and where it ended."""

    steps: list[str] = field(default_factory=list)
    recovered: bool = False
    activation_pending: list[str] = field(default_factory=list)
    message: str = ""


def register(commands: Any) -> None:
    parser = commands.add_parser("recover", help="finish a stack after an interrupted `pulumi up` (docs/recovery.md)")
    parser.add_argument("--stack", required=True)
    parser.add_argument("--yes", action="store_true",
                        help="no other run of this stack is going: `pulumi cancel` a lock the killed run left")
    parser.set_defaults(handler=run)


def recover(stack: Stack, *, yes: bool, say: Callable[[str], None] = print) -> Recovery:
    """The steps of docs/recovery.md on ``stack``; stops at the first one that does not help."""
    done = Recovery()

    def up(label: str, *extra: str) -> tuple[bool, str]:
        say(f"recover: {label}")
        done.steps.append(label)
        result = stack.up(*extra, check=False)
        return result.returncode == 0, result.stdout + result.stderr

    ok, output = up("pulumi up")
    if not ok and LOCKED in output:
        if not yes:
            done.message = ("the stack is locked by the interrupted run. If no other run of this stack is "
                            "going (check your CI), run again with --yes to `pulumi cancel` the lock")
            return done
        say("recover: pulumi cancel (the lock the interrupted run left)")
        done.steps.append("pulumi cancel")
        stack.run("cancel", "--yes")
        ok, output = up("pulumi up")
    if not ok and "adopt" in output and not _adopt_is_set(stack):
        stack.run("config", "set", ADOPT_KEY, "true")
        try:
            ok, output = up(f"pulumi up with {ADOPT_KEY}=true")
        finally:
            stack.run("config", "rm", ADOPT_KEY)
            done.steps.append(f"config rm {ADOPT_KEY}")
        if ok:
            _record_adopt_off(stack, done, say)
    if not ok:
        done.message = f"`pulumi up` still fails:\n{_last_error(output)}"
        return done
    return _verify(stack, done)


def _adopt_is_set(stack: Stack) -> bool:
    result = stack.run("config", "get", ADOPT_KEY, check=False)
    return result.returncode == 0 and result.stdout.strip().lower() == "true"


def _record_adopt_off(stack: Stack, done: Recovery, say: Callable[[str], None]) -> None:
    """Record ``adopt: false`` where it is the only change: a targeted up that calls no API.

    A full ``pulumi up`` here would also apply a pending activation, which a person decides on.
    """
    urns = [urn for urn, reasons, _ in _changes(stack) if reasons == ["adopt"]]
    if urns:
        targets = [arg for urn in urns for arg in ("--target", urn)]
        say(f"recover: pulumi up --target ({len(urns)} resource(s) whose only change is adopt: false)")
        done.steps.append("pulumi up --target <adopt only>")
        stack.up(*targets)


def _verify(stack: Stack, done: Recovery) -> Recovery:
    remaining = _changes(stack)
    activation = [urn for urn, _, kind in remaining if kind.endswith(ACTIVATION_TYPE)]
    other = [f"{urn.split('::')[-1]} ({', '.join(reasons) or 'changed'})"
             for urn, reasons, kind in remaining if not kind.endswith(ACTIVATION_TYPE)]
    done.steps.append("pulumi preview")
    if other:
        done.message = f"the stack still has changes after the recovery: {', '.join(other)}"
        return done
    done.recovered = True
    done.activation_pending = [urn.split("::")[-1] for urn in activation]
    return done


def _changes(stack: Stack) -> list[tuple[str, list[str], str]]:
    """(urn, diff reasons, resource type) of every custom resource the preview would change."""
    preview = stack.preview_json()
    diagnostics = [d.get("message", "") for d in preview.get("diagnostics", []) if d.get("severity") == "error"]
    if diagnostics:
        raise RecoveryFailed("pulumi preview reports errors:\n" + "\n".join(diagnostics))
    changes = []
    for step in preview.get("steps", []):
        state = step.get("newState") or step.get("oldState") or {}
        if step.get("op") in ("same", "read") or not state.get("custom"):
            continue
        changes.append((str(step.get("urn", "")), _changed_inputs(step), str(state.get("type", ""))))
    return changes


def _changed_inputs(step: dict[str, Any]) -> list[str]:
    """The inputs a step changes (dynamic providers report no per-property diff to the engine)."""
    if step.get("diffReasons"):
        return sorted(step["diffReasons"])
    old = (step.get("oldState") or {}).get("inputs") or {}
    new = (step.get("newState") or {}).get("inputs") or {}
    return sorted(k for k in set(old) | set(new) if k != "__provider" and old.get(k) != new.get(k))


def _last_error(output: str) -> str:
    lines = [line for line in output.splitlines() if "error" in line.lower()]
    return redact("\n".join(lines[-5:]) or output[-2000:])


def run(args: argparse.Namespace) -> int:
    try:
        read_stack(args.stack)
    except FileNotFoundError as error:
        print(f"recover: {error}")
        return 2
    stack = Stack(REPO_ROOT, args.stack, stack_env(args.stack))
    try:
        done = recover(stack, yes=args.yes)
    except (PulumiError, RecoveryFailed) as error:
        print(f"recover: {redact(str(error))}")
        return 1
    if not done.recovered:
        print(f"recover: not recovered: {done.message}")
        return 1
    print(f"recover: {args.stack} matches its program again ({' -> '.join(done.steps)}).")
    if done.activation_pending:
        print("recover: the Account Engagement activation stage is pending for "
              f"{', '.join(done.activation_pending)}: review `pulumi preview`, then `pulumi up` activates.")
    return 0
