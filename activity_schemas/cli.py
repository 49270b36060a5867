"""``activity-schemas``: the project's command line. Each sub-command lives in its own module."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from activity_schemas import sandbox_cmd


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="activity-schemas", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    sandbox_cmd.register(commands)
    from activity_schemas import demo, drift_cmd, export_cmd, recover_cmd, review_cmd, validate_cmd

    demo.register(commands)
    validate_cmd.register(commands)
    review_cmd.register(commands)
    export_cmd.register(commands)
    drift_cmd.register(commands)
    recover_cmd.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    code: int = args.handler(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
