"""``activity-schemas drift --stack S``: what changed in the org behind the code's back.

Exit 0: nothing drifted; 1: something did (a nightly job alerts on it); 2: the check itself failed.
The real state is never written: a copy is refreshed (see ``activity_schemas.drift``).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from activity_schemas.drift import DriftReport, Finding, run_drift
from activity_schemas.engine import REPO_ROOT, PulumiError, Stack
from activity_schemas.inventory import Inventory, read_inventory
from activity_schemas.inventory.stack_config import raw_config
from activity_schemas.kinds import resource_kinds
from activity_schemas.review_cmd import stack_env
from activity_schemas.stacks import read_stack
from providers.core.errors import ActivitySchemasError
from providers.core.redact import redact

SECTIONS = (
    ("deleted outside Pulumi", "Deleted outside Pulumi"),
    ("deactivated or unapproved", "Deactivated or unapproved"),
    ("changed", "Changed"),
    ("unmanaged", "Unmanaged (in the org, in no stack)"),
)


def register(commands: Any) -> None:
    parser = commands.add_parser("drift", help="report what differs between a stack's state and the live org")
    parser.add_argument("--stack", required=True)
    parser.add_argument("--format", choices=("markdown", "json"), default="markdown")
    parser.add_argument("--out", type=Path, help="write the report here (default: print it)")
    parser.add_argument("--no-unmanaged", dest="unmanaged", action="store_false",
                        help="skip the search for unmanaged objects (no list calls, no token of drift's own)")
    parser.set_defaults(handler=run)


def live_inventory(stack: Stack) -> Inventory:
    """The list calls only (drift needs to tell objects apart, not their full definitions)."""
    return read_inventory(raw_config(stack), detail=False)


def check(stack: Stack, schema_files: Sequence[Path], fmt: str = "markdown", *,
          unmanaged: bool = True) -> tuple[str, int]:
    """The report and the exit code for one stack (the CLI and the tests call this)."""
    try:
        report = run_drift(stack, resource_kinds(), inventory=live_inventory if unmanaged else None,
                           schema_files=schema_files)
    except Exception as error:  # exit 2: "the check failed", never "drifted"
        known = isinstance(error, PulumiError | ActivitySchemasError | OSError)
        message = redact(str(error) if known else f"unexpected {type(error).__name__}: {error}")
        if fmt == "json":
            return json.dumps({"stack": stack.name, "error": message}, indent=2), 2
        return f"## Drift of stack `{stack.name}`\n\n**The drift check failed:**\n\n```\n{message}\n```\n", 2
    text = render_json(report) if fmt == "json" else render_markdown(report)
    return text, 1 if report.drifted else 0


def run(args: argparse.Namespace) -> int:
    try:
        files = read_stack(args.stack).schema_files
    except Exception as error:  # a nightly job tells "failed" (2) from "drifted" (1)
        print(f"drift: {redact(str(error))}")
        return 2
    text, code = check(Stack(REPO_ROOT, args.stack, stack_env(args.stack)), files, args.format,
                       unmanaged=args.unmanaged)
    if args.out:
        args.out.write_text(text.rstrip("\n") + "\n")
        print(f"drift: report for {args.stack} in {args.out}")
    else:
        print(text)
    return code


def _value(value: Any) -> str:
    return f"`{json.dumps(value, ensure_ascii=False)}`" if value is not None else "(absent)"


def change_line(change: Any) -> str:
    return f"`{change.path}`: {_value(change.old)} → {_value(change.new)}"


def _finding_md(finding: Finding) -> list[str]:
    ident = f" (id `{finding.detail['id']}`)" if finding.detail.get("id") else ""
    lines = [f"- **{finding.kind}** `{finding.name}`{ident}"]
    lines += [f"  - {change_line(c)}" for c in finding.changes]
    lines.append(f"  - remedy: {finding.hint}")
    schema_lines = finding.detail.get("schema_lines") or []
    if schema_lines:
        lines.append("  - to accept the live values, edit the schema:")
        lines += [f"    - `{text}`" for text in schema_lines]
    entry = finding.detail.get("entry")
    if finding.category == "unmanaged" and entry:
        lines.append("    ```json")
        lines.append(f"    {json.dumps(entry, ensure_ascii=False)}")
        lines.append("    ```")
    return lines


def render_markdown(report: DriftReport) -> str:
    managed = [f for f in report.findings if f.category != "unmanaged"]
    loose = [f for f in report.findings if f.category == "unmanaged"]
    out = [f"## Drift of stack `{report.stack}`", "",
           f"{report.resources} managed resources checked: {len(managed)} drifted; "
           f"{len(loose)} unmanaged objects in the org.", ""]
    if not report.findings:
        out += ["No drift: the org matches the last applied state, and every live object belongs to a stack.", ""]
    for category, title in SECTIONS:
        items = [f for f in report.findings if f.category == category]
        if items:
            out += [f"### {title}", ""]
            for finding in items:
                out += _finding_md(finding)
            out.append("")
    for vendor, why in sorted(report.unreachable.items()):
        out.append(f"_{vendor} was not checked for unmanaged objects: {redact(why)}_")
    return "\n".join(out).rstrip("\n") + "\n"


def render_json(report: DriftReport) -> str:
    return json.dumps({
        "stack": report.stack,
        "drifted": report.drifted,
        "resources": report.resources,
        "stacksRead": report.stacks_read,
        "findings": [
            {
                "category": f.category, "kind": f.kind, "name": f.name, "id": f.detail.get("id"),
                "changes": [{"path": c.path, "kind": c.kind, "old": c.old, "live": c.new} for c in f.changes],
                "hint": f.hint, "schemaLines": f.detail.get("schema_lines") or [],
                **({"entry": f.detail.get("entry")} if f.category == "unmanaged" else {}),
            }
            for f in report.findings
        ],
        "unreachable": report.unreachable,
    }, indent=2, ensure_ascii=False, default=str)
