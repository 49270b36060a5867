"""``activity-schemas export --stack S [--out FILE]``: a schema file for what the org already has.

A team starts from what exists: the file declares the live extensions and activity types,
Marketo custom activity types and Eloqua external asset types exactly as the org has them, so a
stack applied with it and ``activity-schemas:adopt: true`` takes them over and changes nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import pydantic
import yaml

from activity_schemas.engine import REPO_ROOT, PulumiError, Stack
from activity_schemas.inventory import Inventory, read_inventory
from activity_schemas.inventory.stack_config import raw_config
from activity_schemas.review_cmd import stack_env
from activity_schemas.schema import SchemaFile
from providers.core.errors import ActivitySchemasError
from providers.core.redact import redact

HEADER = """\
# yaml-language-server: $schema=../../docs/schema.json
# Exported by `activity-schemas export --stack {stack}` from what the org has.
# Apply it with `activity-schemas:adopt: true` in the stack config: the stack then takes these
# objects over instead of creating duplicates, and the first `pulumi up` changes nothing.
"""


def register(commands: Any) -> None:
    parser = commands.add_parser("export", help="write a schema file for what an org already has")
    parser.add_argument("--stack", required=True, help="the stack whose org/instance is read")
    parser.add_argument("--out", type=Path, help="the schema file to write (default: print it)")
    parser.set_defaults(handler=run)


def render(stack_name: str, inventory: Inventory) -> str:
    """The schema file's text: a header, notes on what may not round-trip, the document."""
    lines = [HEADER.format(stack=stack_name).rstrip("\n")]
    notes = [f"{obj.kind} {obj.key}: {obj.note}" for obj in inventory.objects() if obj.note]
    notes += [f"not exported: {why}" for inv in inventory.vendors.values() for why in inv.skipped]
    notes += [f"{vendor} not read: {redact(why)}" for vendor, why in sorted(inventory.unreachable.items())]
    lines += [f"# NOTE {note}" for note in notes]
    body = yaml.safe_dump(inventory.schema_document(), sort_keys=False, allow_unicode=True, width=1000)
    return "\n".join(lines) + "\n" + body


def export(stack: Stack) -> tuple[str, Inventory]:
    inventory = read_inventory(raw_config(stack))
    text = render(stack.name, inventory)
    try:
        SchemaFile.model_validate(yaml.safe_load(text))
    except pydantic.ValidationError as error:  # the org holds something the format cannot: say what
        raise ActivitySchemasError(f"the exported schema does not validate: {error}") from None
    return text, inventory


def run(args: argparse.Namespace) -> int:
    stack = Stack(REPO_ROOT, args.stack, stack_env(args.stack))
    try:
        text, _ = export(stack)
    except (PulumiError, ActivitySchemasError, OSError) as error:
        print(f"export: {redact(str(error))}", file=sys.stderr)
        return 2
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text)
        print(f"export: wrote {args.out}; name it in the stack's activity-schemas:schemas and set "
              "activity-schemas:adopt: true before `pulumi up`", file=sys.stderr)
    else:
        print(text, end="")
    return 0
