"""``activity-schemas validate [FILES] [--stack S]``: offline checks, non-zero exit on error."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from activity_schemas.schema import json_schema
from activity_schemas.stack_check import check_stack_config, located, schema_sections
from activity_schemas.stacks import StackFileError, all_stacks, read_stack
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
    try:
        stacks = [read_stack(name) for name in args.stack] if args.stack else ([] if args.files else all_stacks())
    except (FileNotFoundError, StackFileError) as error:
        print(error)
        return 1
    if not groups and not stacks:
        print("validate: no schema files given and no stack found (stacks/Pulumi.<stack>.yaml)")
        return 2
    failed = False
    for label, files in groups:
        _, problems = validate_files(files)
        failed |= _report(label, len(files), [str(p) for p in problems])
    for stack in stacks:
        files = stack.schema_files
        loaded, problems = validate_files(files) if files else ([], [])
        found = [str(p) for p in problems]
        vendors = {section for item in loaded for section in schema_sections(item.schema)}
        found += located(stack.file, check_stack_config(stack.config, vendors))
        failed |= _report(f"stack {stack.name}", len(files), found)
    return 1 if failed else 0


def _report(label: str, count: int, problems: list[str]) -> bool:
    for problem in problems:
        print(problem)
    print(f"{label}: {count} file(s), {f'{len(problems)} problem(s)' if problems else 'ok'}")
    return bool(problems)


def _json_schema(args: argparse.Namespace) -> int:
    text = json.dumps(json_schema(), indent=2) + "\n"
    if args.out:
        args.out.write_text(text)
    else:
        print(text, end="")
    return 0
