"""`activity-schemas recover`'s decisions, against a scripted stand-in for the pulumi CLI."""

from __future__ import annotations

import subprocess
from typing import Any

from activity_schemas.recover_cmd import ADOPT_KEY, recover

EXT = "urn:pulumi:s::p::pulumi-python:dynamic/accountengagement:Extension::ae-ext-W"
ACT = "urn:pulumi:s::p::pulumi-python:dynamic/accountengagement:Activation::ae-activation-W"
LOCKED = "error: the stack is currently locked by 1 lock(s)."
ADOPT = "error: ... already exists ...; set adopt: true to manage it"


def _step(urn: str, kind: str, old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    return {"op": "update", "urn": urn, "oldState": {"custom": True, "type": kind, "inputs": old},
            "newState": {"custom": True, "type": kind, "inputs": new}}


class ScriptedStack:
    """Answers `up` from a list of outputs and `preview --json` from a list of step lists."""

    def __init__(self, ups: list[str], previews: list[list[dict[str, Any]]]) -> None:
        self.ups, self.previews = ups, previews
        self.commands: list[tuple[str, ...]] = []
        self.config: dict[str, str] = {}

    def up(self, *extra: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        self.commands.append(("up", *extra))
        out = self.ups.pop(0) if not extra else ""
        return subprocess.CompletedProcess(["up"], 1 if "error" in out else 0, out, "")

    def run(self, *args: str, check: bool = True, **_: Any) -> subprocess.CompletedProcess[str]:
        self.commands.append(args)
        if args[:2] == ("config", "set"):
            self.config[args[2]] = args[3]
        if args[:2] == ("config", "rm"):
            self.config.pop(args[2], None)
        if args[:2] == ("config", "get"):
            value = self.config.get(args[2])
            return subprocess.CompletedProcess(args, 0 if value else 1, value or "", "")
        return subprocess.CompletedProcess(args, 0, "", "")

    def preview_json(self) -> dict[str, Any]:
        return {"steps": self.previews.pop(0)}


def test_a_lock_is_left_alone_without_yes() -> None:
    stack = ScriptedStack([LOCKED], [])
    done = recover(stack, yes=False, say=lambda _: None)  # type: ignore[arg-type]
    assert not done.recovered and "--yes" in done.message
    assert ("cancel", "--yes") not in stack.commands


def test_lock_then_adopt_then_adopt_off_recorded_by_a_targeted_run() -> None:
    kind = "pulumi-python:dynamic/accountengagement:Extension"
    stack = ScriptedStack(
        [LOCKED, ADOPT, "Resources: 4 created"],
        [[_step(EXT, kind, {"adopt": True, "developerName": "W"}, {"adopt": False, "developerName": "W"})],
         [_step(ACT, "pulumi-python:dynamic/accountengagement:Activation", {"active": False}, {"active": True})]],
    )
    done = recover(stack, yes=True, say=lambda _: None)  # type: ignore[arg-type]
    assert done.recovered and done.activation_pending == ["ae-activation-W"]
    assert ("cancel", "--yes") in stack.commands
    assert ("config", "set", ADOPT_KEY, "true") in stack.commands and ADOPT_KEY not in stack.config
    assert ("up", "--target", EXT) in stack.commands  # only the adopt-only resource: no activation


def test_other_remaining_changes_are_not_called_recovered() -> None:
    kind = "pulumi-python:dynamic/marketo:CustomActivityType"
    stack = ScriptedStack(["Resources: 1 unchanged"],
                          [[_step("urn::mkto-x", kind, {"name": "A"}, {"name": "B"})]])
    done = recover(stack, yes=True, say=lambda _: None)  # type: ignore[arg-type]
    assert not done.recovered and "mkto-x (name)" in done.message


def test_a_failure_that_adopt_cannot_fix_is_reported() -> None:
    stack = ScriptedStack(["error: 401 INVALID_SESSION_ID"], [])
    done = recover(stack, yes=True, say=lambda _: None)  # type: ignore[arg-type]
    assert not done.recovered and "INVALID_SESSION_ID" in done.message
    assert not any(c[:2] == ("config", "set") for c in stack.commands)
