"""``activity-schemas review --stack S``: ``pulumi preview`` rendered as a pull-request report."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from activity_schemas.engine import LOCAL_PASSPHRASE, REPO_ROOT, PulumiError, Stack, offline_env, pulumi_bin_dir
from activity_schemas.kinds import resource_kinds
from activity_schemas.review import Thresholds, collect, render, verdict
from activity_schemas.stacks import read_stack


def register(commands: Any) -> None:
    parser = commands.add_parser("review", help="preview a stack and write a Markdown report for a pull request")
    parser.add_argument("--stack", required=True)
    parser.add_argument("--out", type=Path, help="write the report here (default: print it)")
    parser.add_argument("--max-destructive", type=int, default=None,
                        help="fail (exit 3) when more resources than this would be replaced or deleted")
    parser.add_argument("--max-destructive-percent", type=float, default=None,
                        help="fail (exit 3) when more than this percentage would be replaced or deleted")
    parser.set_defaults(handler=run)


def stack_env(stack_name: str) -> dict[str, str]:
    """The local stack runs fully offline; other stacks use the caller's backend and secrets."""
    config = read_stack(stack_name)
    if config.get("sandboxEndpoints"):
        return offline_env(REPO_ROOT / ".pulumi-state", REPO_ROOT / ".pulumi-home", passphrase=LOCAL_PASSPHRASE)
    env = dict(os.environ)
    env["PATH"] = f"{pulumi_bin_dir()}{os.pathsep}{env.get('PATH', '')}"
    env.setdefault("PULUMI_SKIP_UPDATE_CHECK", "true")
    return env


def run(args: argparse.Namespace) -> int:
    stack = Stack(REPO_ROOT, args.stack, stack_env(args.stack))
    try:
        preview = stack.preview_json()
    except PulumiError as exc:
        return _emit(args, f"## activity-schemas plan for `{args.stack}`\n\n**pulumi preview failed:**\n\n"
                           f"```\n{exc}\n```\n", 2)
    errors = [d for d in preview.get("diagnostics", []) if d.get("severity") == "error"]
    if errors:
        text = "\n".join(d.get("message", "").strip() for d in errors)
        return _emit(args, f"## activity-schemas plan for `{args.stack}`\n\n**The plan was refused before any "
                           f"change** (fix the schema and push again):\n\n```\n{text}\n```\n", 2)
    changes = collect(preview, resource_kinds())
    total = sum(1 for s in preview.get("steps", []) if (s.get("newState") or s.get("oldState") or {}).get("custom"))
    failure = verdict(changes, total, Thresholds(args.max_destructive, args.max_destructive_percent))
    return _emit(args, render(args.stack, changes, failure), 3 if failure else 0)


def _emit(args: argparse.Namespace, report: str, code: int) -> int:
    if args.out:
        args.out.write_text(report.rstrip("\n") + "\n")
        print(f"review: report for {args.stack} in {args.out}")
    else:
        print(report)
    return code
