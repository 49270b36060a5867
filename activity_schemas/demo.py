"""``activity-schemas demo`` (``make demo``): a real ``pulumi up`` of the examples on the ``local``
stack against the sandbox, then a short summary of what now exists and a submission per vendor.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from activity_schemas.engine import LOCAL_PASSPHRASE, REPO_ROOT, Stack, offline_env
from activity_schemas.sandbox_cmd import ensure_running
from activity_schemas.stacks import read_stack
from sandbox.controlclient import SandboxControl

EXAMPLES = ("account_engagement", "marketo", "eloqua")
Hook = Callable[[dict[str, Any], dict[str, Any]], list[str]]


def register(commands: Any) -> None:
    parser = commands.add_parser("demo", help="pulumi up the examples against the local sandbox")
    parser.add_argument("--stack", default="local")
    parser.add_argument("--data-dir", type=Path, default=REPO_ROOT / ".sandbox")
    parser.set_defaults(handler=run)


def _summary_of(output: str) -> str:
    """The engine's own "Resources:" block, e.g. "+ 9 created" or "9 unchanged"."""
    match = re.search(r"^Resources:\n((?:\s+.+\n)+)", output, re.MULTILINE)
    return " ".join(line.strip() for line in match.group(1).splitlines()) if match else "(no summary)"


def _hook(name: str) -> Hook | None:
    path = REPO_ROOT / "examples" / name / "demo.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location(f"examples_{name}_demo", path)
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    hook: Hook | None = getattr(module, "after_up", None)
    return hook


def hook_outputs(outputs: dict[str, Any]) -> dict[str, Any]:
    """The schema program's outputs, plus the flat names the examples' hooks read (first object)."""
    flat = dict(outputs)
    for key, value in sorted(outputs.items()):
        if not isinstance(value, dict):
            continue
        if key.startswith("marketo:") and "activityTypeId" not in flat:
            flat.update(apiName=key[len("marketo:"):], activityTypeId=value.get("activityTypeId"),
                        status=value.get("status"))
        if key.startswith("eloqua:") and "eloquaAssetType" not in flat:
            assets = value.get("assets") or {}
            first_asset = next(iter(sorted(assets)), None)
            flat.update(eloquaAssetType=key[len("eloqua:"):], eloquaAssetTypeId=value.get("assetTypeId"),
                        eloquaActivityTypeIds=value.get("activityTypeIds"), eloquaAssetName=first_asset,
                        eloquaAssetId=assets.get(first_asset) if first_asset else None)
    return flat


def _inactive_extensions(outputs: dict[str, Any]) -> list[str]:
    return [k[len("ae:"):] for k, v in outputs.items() if k.startswith("ae:") and isinstance(v, dict)
            and not v.get("active")]


def _run_hooks(names: tuple[str, ...], endpoints: dict[str, Any], outputs: dict[str, Any]) -> None:
    for name in names:
        hook = _hook(name)
        if hook is None:
            continue
        print(f"\n{name}:")
        for line in hook(endpoints, hook_outputs(outputs)):
            print(f"  {line}")


def run(args: argparse.Namespace) -> int:
    endpoints = ensure_running(args.data_dir)
    print(f"sandbox: {endpoints['base_url']} (state in {args.data_dir})")
    env = offline_env(REPO_ROOT / ".pulumi-state", REPO_ROOT / ".pulumi-home", passphrase=LOCAL_PASSPHRASE)
    stack = Stack(REPO_ROOT, args.stack, env).init()
    result = stack.up()
    print(f"pulumi up ({args.stack}): {_summary_of(result.stdout)}")
    outputs = stack.outputs()
    print("\nWhat exists now:")
    for resource in stack.resources():
        kind = resource["type"].split(":")[-1]
        name = resource["urn"].split("::")[-1]
        print(f"  {kind:<20} {name:<36} id={resource.get('id', '')}")
    fresh = SandboxControl(endpoints["control"], endpoints.get("ca_bundle")).endpoints()
    _run_hooks(EXAMPLES, fresh, outputs)
    activation_wanted = read_stack(args.stack).get("activate") not in (None, False)
    if activation_wanted and _inactive_extensions(outputs):
        print("\nActivation stage: the `up` that created the extensions left them inactive; in a real org")
        print("the activation is its own reviewed change. Applying it now:")
        result = stack.up()
        print(f"pulumi up ({args.stack}): {_summary_of(result.stdout)}")
        _run_hooks(("account_engagement",), fresh, stack.outputs())
    return 0
