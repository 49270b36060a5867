"""``activity-schemas validate [FILES] [--stack S]``: offline checks, non-zero exit on error."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from activity_schemas.schema import json_schema
from activity_schemas.stacks import all_stacks, read_stack
from activity_schemas.validation import validate_files


def register(commands: Any) -> None:
    parser = commands.add_parser("validate", help="check schema files offline (no API call)")
    parser.add_argument("files", nargs="*", type=Path,
                        help="schema files checked together as one stack; default: every stack's schemas")
    parser.add_argument("--stack", action="append", default=[], help="check this stack's schemas")
    parser.set_defaults(handler=run)

    schema = commands.add_parser("json-schema", help="print the JSON Schema of schema files (for editors)")
    schema.add_argument("--out", type=Path)
    schema.set_defaults(handler=_json_schema)


def run(args: argparse.Namespace) -> int:
    groups: list[tuple[str, list[Path]]] = []
    if args.files:
        groups.append(("files", list(args.files)))
    stacks = [read_stack(name) for name in args.stack] if args.stack else ([] if args.files else all_stacks())
    groups += [(f"stack {s.name}", s.schema_files) for s in stacks if s.schema_files]
    if not groups:
        print("validate: no schema files given and no stack names any (activity-schemas:schemas)")
        return 2
    failed = False
    for label, files in groups:
        _, problems = validate_files(files)
        for problem in problems:
            print(problem)
        status = f"{len(problems)} problem(s)" if problems else "ok"
        print(f"{label}: {len(files)} file(s), {status}")
        failed |= bool(problems)
    return 1 if failed else 0


def _json_schema(args: argparse.Namespace) -> int:
    text = json.dumps(json_schema(), indent=2) + "\n"
    if args.out:
        args.out.write_text(text)
    else:
        print(text, end="")
    return 0
