"""``python -m bench.run [--quick] [--out-json PATH] [--markdown PATH] [--vendors a,b]``: the benchmark.

One run, in this order, on one in-process sandbox (HTTPS, temp data dir, 100 ms per call, vendor
limits on):
1. the engine floor: the workload's graph of do-nothing Probe resources through every operation;
2. the sequential scripts, one vendor after another, on a freshly reset sandbox;
3. the workload through the providers: up, no-op up, preview --refresh, drift, destroy;
(1-3 each ``--repeat`` times, default 3, on new stacks and a reset sandbox; the median run counts)
4. the scale run: the Account Engagement part at 1x, 2x, 4x (1x only with --quick): floor up,
   providers up, destroy;
then the lower bound is computed from the floor and the fewest calls, and the results are written
as JSON and as ``docs/performance.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import logging
import os
import platform
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from activity_schemas.engine import REPO_ROOT, pulumi_bin_dir
from bench import report
from bench.lower_bound import VENDOR_LIMITS, analytic_bound, schedule
from bench.measure import CallLog, import_seconds, measure, pick_median
from bench.operations import make_stack, operations
from bench.plans import OPERATIONS
from bench.programs import write_workload_project
from bench.sequential import SCRIPTS
from bench.workload import VENDORS, Workload
from sandbox.controlclient import SandboxControl
from sandbox.server import SandboxServer

LATENCY_MS = 100
SURFACES = ("salesforce", "account_engagement", "marketo", "eloqua")
RESOURCE_MODULES = {
    "account_engagement": ("providers.salesforce.resources", ("Extension", "ActivityType", "ExtensionAssignment")),
    "marketo": ("providers.marketo.provider", ("CustomActivityType",)),
    "eloqua": ("providers.eloqua.asset_type", ("ExternalAssetType",)),
}
DEFAULT_JSON = REPO_ROOT / "bench" / "results" / "latest.json"
DEFAULT_MARKDOWN = REPO_ROOT / "docs" / "performance.md"


def usable_vendors(requested: Sequence[str]) -> tuple[tuple[str, ...], dict[str, str]]:
    """The requested vendors whose resource classes import; the others with the reason."""
    usable: list[str] = []
    missing: dict[str, str] = {}
    for vendor in requested:
        module_name, classes = RESOURCE_MODULES[vendor]
        try:
            module = importlib.import_module(module_name)
            absent = [c for c in classes if not hasattr(module, c)]
        except Exception as exc:  # any import failure means "not usable yet"
            missing[vendor] = f"{module_name}: {type(exc).__name__}: {exc}"
            continue
        if absent:
            missing[vendor] = f"{module_name} has no {', '.join(absent)}"
        else:
            usable.append(vendor)
    return tuple(usable), missing


class BenchSandbox:
    """The sandbox of one run; ``fresh()`` resets it and sets the steady latency again."""

    def __init__(self) -> None:
        self.server = SandboxServer()
        self.endpoints = self.server.start()
        self.control = SandboxControl(self.endpoints["control"], self.endpoints["ca_bundle"])
        self.log = CallLog(self.control)

    def fresh(self) -> dict[str, Any]:
        self.control.reset()  # new throw-away credentials: endpoints.json is rewritten
        self.server.write_endpoints()
        self.endpoints = self.server.endpoints()
        self.control.latency(**dict.fromkeys(SURFACES, LATENCY_MS))
        return self.endpoints

    def close(self) -> None:
        logging.getLogger("uvicorn.error").setLevel(logging.CRITICAL)  # its shutdown notice is noise here
        self.server.stop()


def _say(message: str) -> None:
    print(f"[bench {dt.datetime.now(dt.UTC):%H:%M:%S}] {message}", flush=True)


def run_stack(sb: BenchSandbox, kind: str, workload: Workload, work: Path, label: str,
              only: Sequence[str] | None = None, counted: bool = True) -> dict[str, dict[str, Any]]:
    """The operations (all, or ``only``) on a new stack of the ``kind`` program; measurements by name."""
    project = write_workload_project(work / label / "project", kind, workload)
    stack = make_stack(project, work / label, sb.server.endpoints_file, pulumi_bin_dir())
    results: dict[str, dict[str, Any]] = {}
    for name, action in operations(stack).items():
        if only is not None and name not in only:
            continue
        measured, outcome = measure(name, action, sb.log if counted else None)
        if name == "drift" and isinstance(outcome, dict):
            measured.extra["drift"] = outcome
        results[name] = measured.to_json()
        _say(f"{label} {name}: {measured.wall_s:.2f} s, {measured.calls.total} calls"
             + ("" if measured.ok else f" FAILED: {(measured.error or '')[-400:]}"))
    return results


def run_sequential_once(sb: BenchSandbox, workload: Workload) -> dict[str, Any]:
    endpoints = sb.fresh()
    by_vendor: dict[str, Any] = {}
    for vendor in workload.vendors:
        script = SCRIPTS[vendor]

        def action(script: Callable[..., int] = script) -> int:
            return script(endpoints, endpoints.get("ca_bundle"), workload)

        measured, made = measure(vendor, action, sb.log)
        measured.extra["objects"] = made
        by_vendor[vendor] = measured.to_json()
        _say(f"sequential {vendor}: {measured.wall_s:.2f} s, {measured.calls.total} calls"
             + ("" if measured.ok else f" FAILED: {measured.error}"))
    total_wall = sum(m["wall_s"] for m in by_vendor.values())
    total_calls = sum(m["calls"]["total"] for m in by_vendor.values())
    return {"by_vendor": by_vendor, "wall_s": round(total_wall, 3), "total_wall_s": round(total_wall, 3),
            "total_calls": total_calls, "ok": all(m["ok"] for m in by_vendor.values())}


def run_sequential(sb: BenchSandbox, workload: Workload, repeat: int) -> dict[str, Any]:
    return pick_median([run_sequential_once(sb, workload) for _ in range(repeat)])


def run_repeated(sb: BenchSandbox, kind: str, workload: Workload, work: Path, label: str, repeat: int,
                 counted: bool) -> dict[str, dict[str, Any]]:
    """Every operation ``repeat`` times on new stacks (fresh sandbox each time); the median run of each."""
    runs: list[dict[str, dict[str, Any]]] = []
    for i in range(repeat):
        if counted:
            sb.fresh()
        runs.append(run_stack(sb, kind, workload, work, f"{label}-{i + 1}", counted=counted))
    return {op: pick_median([r[op] for r in runs if op in r]) for op in runs[0]}


def lower_bounds(workload: Workload, floor: dict[str, dict[str, Any]], observed_call_s: float | None) -> dict[str, Any]:
    latency = LATENCY_MS / 1000
    bounds: dict[str, Any] = {}
    for op, plan in OPERATIONS.items():
        calls = plan(workload)
        scheduled = schedule(calls, latency, VENDOR_LIMITS)
        # The floor is the least the engine needed: the fastest run (noise on a shared machine only adds).
        runs = floor.get(op, {}).get("runs_ok_wall_s") or [floor.get(op, {}).get("wall_s") or 0.0]
        floor_s = float(min(runs))
        by_vendor: dict[str, int] = {}
        for call in calls:
            by_vendor[call.vendor] = by_vendor.get(call.vendor, 0) + 1
        bounds[op] = {
            "calls": len(calls), "calls_by_vendor": by_vendor,
            "calls_s": round(scheduled.seconds, 3),
            "analytic_calls_s": round(analytic_bound(calls, latency, VENDOR_LIMITS), 3),
            "floor_s": round(floor_s, 3),
            "total_s": round(floor_s + scheduled.seconds, 3),
            "calls_s_at_observed_call_time": (round(schedule(calls, observed_call_s, VENDOR_LIMITS).seconds, 3)
                                              if observed_call_s else None),
        }
    return bounds


def run_scale(sb: BenchSandbox, base: Workload, factors: Sequence[int], work: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for factor in factors:
        workload = base.only(("account_engagement",)).scaled_ae(factor)
        floor = run_stack(sb, "floor", workload, work, f"scale-{factor}x-floor", only=("up",), counted=False)
        sb.fresh()
        ours = run_stack(sb, "providers", workload, work, f"scale-{factor}x", only=("up", "destroy"))
        up = ours["up"]
        rows.append({
            "factor": factor, "resources": workload.resources, "workload": workload.describe(),
            "up": up, "destroy": ours["destroy"], "floor_up_s": floor["up"]["wall_s"],
            "up_per_resource_s": round(up["wall_s"] / workload.resources, 4),
            "up_calls_per_resource": round(up["calls"]["total"] / workload.resources, 3),
            "floor_per_resource_s": round(floor["up"]["wall_s"] / workload.resources, 4),
        })
    return rows


def build_results(mode: str, workload: Workload, missing: dict[str, str], floor: dict[str, Any],
                  sequential: dict[str, Any], ours: dict[str, Any], scale: list[dict[str, Any]],
                  repeat: int = 1) -> dict[str, Any]:
    observed = (sequential["total_wall_s"] / sequential["total_calls"]) if sequential.get("total_calls") else None
    bounds = lower_bounds(workload, floor, observed)
    for measured in ours.values():
        measured["profile"] = report.timeline(measured, observed)
    results: dict[str, Any] = {
        "generated_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "mode": mode,
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
                   f"Python {platform.python_version()}",
        "latency_ms": LATENCY_MS,
        "repeat": repeat,
        "limits": {"process_concurrency": VENDOR_LIMITS.process_concurrency,
                   "concurrency": dict(VENDOR_LIMITS.concurrency), "rate": dict(VENDOR_LIMITS.rate)},
        "workload": workload.describe(),
        "missing_vendors": missing,
        "engine_floor": floor,
        "providers": ours,
        "lower_bound": bounds,
        "ratios": {op: report._ratio(m["wall_s"], bounds[op]["total_s"]) for op, m in ours.items() if op in bounds},
        "sequential": sequential,
        "observed_call_s": round(observed, 4) if observed else None,
        "sequential_speedup": report._ratio(sequential.get("total_wall_s"), ours.get("up", {}).get("wall_s")),
        "scale": scale,
    }
    results["targets"] = report.evaluate_targets(results)
    results["closing_note"] = report.closing_note(results)
    return results


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="about 1/5 of the workload, scale 1x only (minutes)")
    parser.add_argument("--out-json", type=Path, default=DEFAULT_JSON, help=f"default {DEFAULT_JSON}")
    parser.add_argument("--markdown", type=Path, default=DEFAULT_MARKDOWN, help=f"default {DEFAULT_MARKDOWN}")
    parser.add_argument("--no-markdown", action="store_true", help="write the JSON only")
    parser.add_argument("--vendors", default=",".join(VENDORS), help="comma-separated subset of " + ",".join(VENDORS))
    parser.add_argument("--scale", default=None, help="scale factors of the Account Engagement part, e.g. 1,2,4")
    parser.add_argument("--render-only", action="store_true",
                        help="measure nothing: rewrite the Markdown page from the JSON of an earlier run (--out-json)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of the floor, the scripts and the providers; the median is reported (default 3)")
    args = parser.parse_args(argv)
    requested = [v.strip() for v in args.vendors.split(",") if v.strip()]
    unknown = sorted(set(requested) - set(VENDORS))
    if unknown or not requested:
        parser.error(f"--vendors: unknown {unknown}; choose from {','.join(VENDORS)}")
    args.requested = tuple(requested)
    try:
        args.factors = tuple(int(f) for f in (args.scale or ("1" if args.quick else "1,2,4")).split(","))
    except ValueError:
        parser.error("--scale: comma-separated integers >= 1, e.g. 1,2,4")
    if args.repeat < 1:
        parser.error("--repeat must be >= 1")
    if any(f < 1 for f in args.factors):
        parser.error("--scale: every factor must be >= 1")
    return args


def render_only(json_path: Path, markdown_path: Path) -> int:
    """The page from an earlier run's JSON (targets and notes re-read from its measurements)."""
    if not json_path.exists():
        print(f"--render-only: {json_path} does not exist; run the benchmark first", file=sys.stderr)
        return 2
    results = json.loads(json_path.read_text())
    results["targets"] = report.evaluate_targets(results)
    results["closing_note"] = report.closing_note(results)
    report.write(results, json_path, markdown_path)
    _say(f"rewrote {markdown_path} from {json_path}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.render_only:
        return render_only(args.out_json, args.markdown)
    usable, missing = usable_vendors(args.requested)
    if not usable:
        print(f"no vendor's providers are usable: {missing}", file=sys.stderr)
        return 2
    for vendor, reason in missing.items():
        _say(f"left out {vendor}: {reason}")
    base = Workload()
    workload = (base.quick() if args.quick else base).only(usable)
    mode = "quick" if args.quick else "full"
    _say(f"{mode} run: {workload.resources} resources ({workload.resource_counts()}), latency {LATENCY_MS} ms")
    load_start = os.getloadavg()[0]
    sb = BenchSandbox()
    try:
        with tempfile.TemporaryDirectory(prefix="activity-schemas-bench-") as tmp:
            work = Path(tmp)
            floor = run_repeated(sb, "floor", workload, work, "floor", args.repeat, counted=False)
            sequential = run_sequential(sb, workload, args.repeat)
            ours = run_repeated(sb, "providers", workload, work, "providers", args.repeat, counted=True)
            scale = run_scale(sb, workload, args.factors, work) if "account_engagement" in usable else []
    finally:
        sb.close()
    results = build_results(mode, workload, missing, floor, sequential, ours, scale, args.repeat)
    results["load_average_1min"] = {"start": round(load_start, 2), "end": round(os.getloadavg()[0], 2)}
    results["import_s"] = {
        "probe": import_seconds(["providers.probe"], args.repeat),
        "providers": import_seconds([RESOURCE_MODULES[v][0] for v in usable], args.repeat),
    }
    results["closing_note"] = report.closing_note(results)
    report.write(results, args.out_json, None if args.no_markdown else args.markdown)
    _say(f"wrote {args.out_json}" + ("" if args.no_markdown else f" and {args.markdown}"))
    for target in results["targets"]:
        _say(f"{'met    ' if target['met'] else 'MISSED '} {target['target']}: {target['measured']}")
    failed = [op for op, m in ours.items() if not m["ok"]] + ([] if sequential["ok"] else ["sequential"])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
