"""The benchmark's results: one JSON document, and the Markdown page ``docs/performance.md``.

The targets of issue 10 are *read* here from the measurements (never asserted by a test); where
one is missed the closing note names the call or wait that dominates, from the same numbers.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

# Request-log vendor -> workload vendor (the Tooling API and OAuth are Salesforce's surface).
VENDOR_GROUP = {"salesforce": "account_engagement", "account_engagement": "account_engagement",
                "marketo": "marketo", "eloqua": "eloqua"}
OPERATION_LABELS = {
    "up": "`pulumi up` from empty",
    "noop_up": "no-op `pulumi up`",
    "preview_refresh": "`pulumi preview --refresh`",
    "drift": "`activity-schemas drift`",
    "destroy": "`pulumi destroy`",
}
FLAT_TOLERANCE = 1.2  # per-resource cost at 4x within 1.2x of 1x counts as flat


MARKETO_TYPE_LIST = "marketo GET /rest/v1/activities/external/types.json"


def by_group(counts: dict[str, int]) -> dict[str, int]:
    grouped: dict[str, int] = {}
    for vendor, n in counts.items():
        group = VENDOR_GROUP.get(vendor, vendor)
        grouped[group] = grouped.get(group, 0) + n
    return grouped


def _ratio(a: float | None, b: float | None) -> float | None:
    if a is None or not b:
        return None
    return round(a / b, 2)


def timeline(measurement: dict[str, Any], call_s: float | None) -> dict[str, Any]:
    """Where an operation's time went: before the first call, the calls' span, after the last one,
    and how many calls were in flight on average during the span (``call_s`` = one call's time)."""
    extra = measurement.get("extra", {})
    first, last = extra.get("first_call_at"), extra.get("last_call_at")
    start, end = extra.get("started_at"), extra.get("ended_at")
    n = measurement["calls"]["total"]
    if first is None or last is None or start is None or end is None or not n:
        return {}
    per_call = call_s or 0.0
    span = max(last - first + per_call, per_call)
    return {
        "before_first_call_s": round(max(0.0, first - per_call - start), 2),
        "calls_span_s": round(span, 2),
        "after_last_call_s": round(max(0.0, end - last), 2),
        "mean_calls_in_flight": round(n * per_call / span, 2) if span else None,
    }


def evaluate_targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    ours = results["providers"]
    resources = results["workload"]["resources"]
    targets: list[dict[str, Any]] = []

    noop = ours.get("noop_up")
    if noop:
        writes = noop["calls"]["writes"]
        targets.append({"target": "no-op `pulumi up` makes zero write calls", "measured": f"{writes} write calls",
                        "met": noop["ok"] and writes == 0})

    refresh = ours.get("preview_refresh")
    if refresh:
        calls = by_group(refresh["calls"]["by_vendor"])
        tokens = by_group(refresh["calls"]["tokens"])
        processes = max(1, refresh["provider_processes"])
        parts, met = [], refresh["ok"]
        for vendor, n_resources in resources.items():
            if not n_resources:
                continue
            reads = calls.get(vendor, 0) - tokens.get(vendor, 0)
            parts.append(f"{vendor}: {reads} calls for {n_resources} resources, {tokens.get(vendor, 0)} token(s)")
            met = met and reads <= n_resources + processes and tokens.get(vendor, 0) <= processes
        targets.append({"target": "a refresh makes one read per resource and at most one token request per vendor "
                                  "and process (one per-process lookup, like the token, allowed)",
                        "measured": "; ".join(parts) + f" ({processes} provider process(es))", "met": met})

    up = ours.get("up")
    mk_types = resources.get("marketo", 0)
    if up and mk_types:
        endpoints = {k: v for k, v in up["calls"]["by_endpoint"].items()
                     if k.startswith("marketo ") and "/identity/" not in k}
        # Like the token, the list of the instance's types is read once per provider process (issue
        # 5's limit check counts live types), not per type: shown, not charged to the types.
        lists = endpoints.pop(MARKETO_TYPE_LIST, 0)
        per_type = sum(endpoints.values()) / mk_types
        listed = ", ".join(f"{k.split(' ', 1)[1]} x{v}" for k, v in endpoints.items())
        once = (f"; plus {MARKETO_TYPE_LIST.split(' ', 1)[1]} x{lists} for the whole run (the limit check)"
                if lists else "")
        targets.append({"target": "creating a Marketo type with 20 attributes takes three calls",
                        "measured": f"{per_type:.2f} calls per type ({listed}){once}",
                        "met": up["ok"] and per_type == 3})

    bound = results["lower_bound"].get("up", {}).get("total_s")
    if up and bound:
        ratio = _ratio(up["wall_s"], bound)
        targets.append({"target": "`pulumi up` within 1.2x of the lower bound",
                        "measured": f"{up['wall_s']:.2f} s vs {bound:.2f} s = {ratio}x",
                        "met": up["ok"] and (ratio or 99) <= 1.2})

    sequential = results.get("sequential", {}).get("total_wall_s")
    if up and sequential:
        speedup = _ratio(sequential, up["wall_s"])
        targets.append({"target": "`pulumi up` at least 3x faster than the sequential script",
                        "measured": f"script {sequential:.2f} s / ours {up['wall_s']:.2f} s = {speedup}x",
                        "met": up["ok"] and (speedup or 0) >= 3})

    scale = [s for s in results.get("scale", []) if s.get("up", {}).get("ok")]
    if len(scale) >= 2:
        first, last = scale[0], scale[-1]
        growth = _ratio(last["up_per_resource_s"], first["up_per_resource_s"])
        targets.append({"target": f"cost per resource flat from {first['factor']}x to {last['factor']}x",
                        "measured": f"{first['up_per_resource_s']:.3f} -> {last['up_per_resource_s']:.3f} s "
                                    "per resource "
                                    f"({growth}x; flat = at most {FLAT_TOLERANCE}x)",
                        "met": (growth or 99) <= FLAT_TOLERANCE})
    return targets


def closing_note(results: dict[str, Any]) -> list[str]:
    """For each missed target, what dominates, from the measured numbers (timeline, calls, CPU)."""
    notes: list[str] = []
    missed = {t["target"] for t in results["targets"] if not t["met"]}
    ours, floor, bound = results["providers"], results["engine_floor"], results["lower_bound"]
    call_s = results.get("observed_call_s") or 0.0
    up = ours.get("up")
    up_bound = bound.get("up", {})
    if up and any("lower bound" in t for t in missed):
        floor_s = up_bound.get("floor_s") or 0.0
        profile = up.get("profile", {})
        fewest = up_bound.get("calls", 0)
        notes.append(
            f"`pulumi up` took {up['wall_s']:.2f} s against a lower bound of {up_bound.get('total_s', 0):.2f} s "
            f"({floor_s:.2f} s engine floor + {up_bound.get('calls_s', 0):.2f} s for {fewest} calls at 4 in flight)."
        )
        if profile:
            notes.append(
                f"Timeline of that `up` (from the request log): {profile.get('before_first_call_s')} s before the "
                f"first API call (engine, program and provider start-up; the floor's whole run is {floor_s:.2f} s), "
                f"{profile.get('calls_span_s')} s from the first to the last call with "
                f"{profile.get('mean_calls_in_flight')} calls in flight on average (4 is the provider process's "
                f"cap), {profile.get('after_last_call_s')} s after the last call. The calls' span is what exceeds "
                "the bound."
            )
        extra = _extra_by_vendor(by_group(up["calls"]["by_vendor"]), up_bound.get("calls_by_vendor", {}))
        if extra:
            notes.append(
                f"The span is long because of the number of calls and their time: {up['calls']['total']} calls where "
                f"{fewest} suffice ({'; '.join(extra)}), and {call_s:.3f} s per call observed instead of the injected "
                f"0.100 s (sandbox service time on this machine). {up['calls']['total']} x {call_s:.3f} s / 4 = "
                f"{up['calls']['total'] * call_s / 4:.2f} s; the extra calls alone cost "
                f"{(up['calls']['total'] - fewest) * call_s / 4:.2f} s. Those vendors' calls by endpoint: "
                + "; ".join(_extra_endpoints(up["calls"]["by_endpoint"], up_bound.get("calls_by_vendor", {})))
                + "."
            )
    seq = results.get("sequential", {})
    if up and seq.get("total_wall_s") and any("sequential" in t for t in missed):
        needed = seq["total_wall_s"] / 3
        total_bound = up_bound.get("total_s") or 0.0
        if total_bound > needed:
            notes.append(
                f"3x faster than the script means `up` in {needed:.2f} s, but the lower bound itself is "
                f"{total_bound:.2f} s: the engine floor ({up_bound.get('floor_s', 0):.2f} s) plus "
                f"{up_bound.get('calls', 0)} calls on at most 4 threads ({up_bound.get('calls_s', 0):.2f} s). At this "
                "workload size the target is out of reach of any Python dynamic provider; the script starts no "
                "engine and pays only its calls."
            )
        else:
            notes.append(f"3x faster than the script means `up` in {needed:.2f} s; the lower bound "
                         f"({total_bound:.2f} s) allows it, so the calls above are what stands in the way.")
    noop = ours.get("noop_up")
    noop_floor = floor.get("noop_up")
    if noop and noop_floor and (results["ratios"].get("noop_up") or 0) > 1.2:
        notes.append(_noop_note(noop, noop_floor, bound.get("noop_up", {}).get("floor_s") or 0.0,
                                results.get("import_s")))
    for target in results["targets"]:
        if not target["met"] and "flat" in target["target"]:
            notes.append(f"Per-resource cost: {target['measured']}; see the scale table for the engine floor at "
                         "each size.")
    return notes


def _noop_note(noop: dict[str, Any], floor: dict[str, Any], floor_s: float, imports: dict[str, float] | None) -> str:
    """The no-op ``up`` makes no call: compare what was measured of the provider side with the gap."""
    gap = noop["wall_s"] - floor_s
    parts = [f"The no-op `up` makes no call and takes {noop['wall_s']:.2f} s against the floor's {floor_s:.2f} s "
             f"({gap:+.2f} s)."]
    explained = 0.0
    if noop.get("provider_cpu_s") is not None and floor.get("provider_cpu_s") is not None:
        cpu_gap = noop["provider_cpu_s"] - floor["provider_cpu_s"]
        explained += max(0.0, cpu_gap)
        parts.append(f"The provider process used {noop['provider_cpu_s']:.2f} s of CPU against the probe's "
                     f"{floor['provider_cpu_s']:.2f} s ({cpu_gap:+.2f} s; it includes importing the vendor modules"
                     + (f", {imports['providers']:.2f} s against {imports['probe']:.2f} s for the probe in a fresh "
                        "interpreter" if imports else "") + ").")
    runs = [*floor.get("runs_wall_s", []), *noop.get("runs_wall_s", [])]
    spread = (max(runs) - min(runs)) if len(runs) > 1 else None
    rest = gap - explained
    if rest > 0.2:
        parts.append(f"That leaves {rest:.2f} s that these measurements do not attribute"
                     + (f"; the runs of this operation and of its floor spread over {spread:.2f} s on this shared "
                        "machine, so it is not separable from load noise here." if spread is not None else
                        "; rerun with --repeat to see how much of it is load noise."))
    return " ".join(parts)


def _extra_endpoints(by_endpoint: dict[str, int], fewest_by_vendor: dict[str, int]) -> list[str]:
    """The endpoints of the vendors that made more calls than the fewest, most called first."""
    over = {v for v, n in by_group(_vendor_totals(by_endpoint)).items() if n > fewest_by_vendor.get(v, 0)}
    rows = [(n, k) for k, n in by_endpoint.items() if VENDOR_GROUP.get(k.split(" ", 1)[0]) in over]
    return [f"`{k}` x{n}" for n, k in sorted(rows, reverse=True)]


def _vendor_totals(by_endpoint: dict[str, int]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for key, n in by_endpoint.items():
        vendor = key.split(" ", 1)[0]
        totals[vendor] = totals.get(vendor, 0) + n
    return totals


def _extra_by_vendor(ours: dict[str, int], fewest: dict[str, int]) -> list[str]:
    return [f"{vendor} {n} calls (fewest {fewest.get(vendor, 0)})"
            for vendor, n in sorted(ours.items()) if n > fewest.get(vendor, 0)]


def _wall(m: dict[str, Any]) -> str:
    """``median (min-max)`` over the repeated runs, and whether any failed."""
    text = f"{m['wall_s']:.2f}"
    runs = m.get("runs_wall_s") or []
    if len(runs) > 1:
        text += f" ({min(runs):.2f}-{max(runs):.2f})"
    if not m.get("ok", True):
        text += " (failed)"
    elif m.get("runs_failed"):
        text += f" ({m['runs_failed']} run(s) failed)"
    return text


def _cpu(m: dict[str, Any]) -> str:
    value = m.get("provider_cpu_s")
    return f"{value:.2f}" if value is not None else "-"


def _mb(kb: int | None) -> str:
    return f"{kb / 1024:.0f}" if kb else "-"


def render_markdown(results: dict[str, Any]) -> str:
    w = results["workload"]
    lines = [
        "# Performance",
        "",
        "Generated by `python -m bench.run" + (" --quick" if results["mode"] == "quick" else "") + "` "
        f"(`make bench` runs the full mode) on {results['generated_at']}. Do not edit by hand.",
        "",
        f"Mode **{results['mode']}**. Workload: {w['ae_extensions']} Account Engagement extensions x "
        f"{w['ae_types_per_extension']} activity types + their assignments; {w['marketo_types']} Marketo custom "
        f"activity types x {w['marketo_attributes']} attributes; {w['eloqua_asset_types']} Eloqua external asset "
        f"types x {w['eloqua_activity_types']} activity types = {sum(w['resources'].values())} Pulumi resources "
        f"({', '.join(f'{k} {v}' for k, v in w['resources'].items())}).",
        f"Sandbox: in-process, HTTPS, {results['latency_ms']} ms injected per call for every vendor, vendor limits on "
        "(Marketo 100 calls / 20 s and 10 concurrent, Account Engagement v5 5 concurrent). "
        f"Machine: {results['machine']}"
        + (f", 1-minute load average {load['start']} at the start and {load['end']} at the end (a shared machine: "
           "compare figures of one run with each other, not across runs)" if (load := results.get("load_average_1min"))
           else "") + ".",
    ]
    if results.get("missing_vendors"):
        lines += ["", "**Vendors left out** (providers not usable): " + ", ".join(
            f"{k} ({v})" for k, v in results["missing_vendors"].items())]
    lines += [
        "",
        "## Operations",
        "",
        "| operation | ours (s) | lower bound (s) = floor + calls | ratio | API calls (ours / fewest) | writes "
        "| token requests | provider peak RSS (MB) | provider CPU (s), ours / floor |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |",
    ]
    for op, label in OPERATION_LABELS.items():
        m = results["providers"].get(op)
        lb = results["lower_bound"].get(op, {})
        if not m:
            continue
        wall = _wall(m)
        tokens = ", ".join(f"{k} {v}" for k, v in m["calls"]["tokens"].items()) or "0"
        lines.append(
            f"| {label} | {wall} | {lb.get('total_s', 0):.2f} = {lb.get('floor_s', 0):.2f} "
            f"+ {lb.get('calls_s', 0):.2f} | {results['ratios'].get(op) or '-'} "
            f"| {m['calls']['total']} / {lb.get('calls', 0)} | {m['calls']['writes']} "
            f"| {tokens} | {_mb(m['peak_rss_kb'])} | {_cpu(m)} / {_cpu(results['engine_floor'].get(op, {}))} |"
        )
    observed = results.get("observed_call_s")
    if observed:
        at_observed = ", ".join(f"{op} {b['calls_s_at_observed_call_time']:.2f} s"
                                for op, b in results["lower_bound"].items() if b.get("calls_s_at_observed_call_time"))
        lines += ["", f"Times are medians of {results.get('repeat', 1)} run(s) (min-max in brackets); the engine "
                  "floor in the lower bound is the fastest floor run (noise only adds time). "
                  f"The calls part of the lower bound assumes the injected {results['latency_ms']} ms per call; "
                  f"the sequential script observed {observed:.3f} s per call on this machine (sandbox service time "
                  f"included). At that per-call time the calls part would be: {at_observed}."]
    seq = results.get("sequential", {})
    if seq:
        lines += [
            "",
            "## Against the hand-written sequential script",
            "",
            "| vendor | script (s) | script calls | objects |",
            "| --- | ---: | ---: | ---: |",
        ]
        for vendor, m in seq["by_vendor"].items():
            lines.append(f"| {vendor} | {m['wall_s']:.2f}" + ("" if m["ok"] else " (failed)")
                         + f" | {m['calls']['total']} | {m['extra'].get('objects', '-')} |")
        up = results["providers"].get("up", {})
        lines += [f"| **total** | **{_wall(seq)}** | {seq['total_calls']} | |", "",
                  f"`pulumi up` of the same workload: {up.get('wall_s', 0):.2f} s, "
                  f"{results.get('sequential_speedup') or '-'}x the script's speed. "
                  f"Observed time per call in the script: {results.get('observed_call_s') or 0:.3f} s."]
    if results.get("scale"):
        lines += [
            "",
            "## Scale (Account Engagement part only)",
            "",
            "| scale | resources | up (s) | per resource (s) | above the floor per resource (s) | calls "
            "| calls per resource | engine floor up (s) | destroy (s) |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for s in results["scale"]:
            up = s["up"]
            lines.append(
                f"| {s['factor']}x | {s['resources']} | {up['wall_s']:.2f}" + ("" if up["ok"] else " (failed)")
                + f" | {s['up_per_resource_s']:.3f} | {(up['wall_s'] - s['floor_up_s']) / s['resources']:.3f} "
                f"| {up['calls']['total']} | {s['up_calls_per_resource']:.2f} "
                f"| {s['floor_up_s']:.2f} | {s['destroy']['wall_s']:.2f} |"
            )
    lines += ["", "## Targets (read from this run, not asserted)", "",
              "| target | measured | met |", "| --- | --- | --- |"]
    for t in results["targets"]:
        lines.append(f"| {t['target']} | {t['measured']} | {'yes' if t['met'] else '**no**'} |")
    notes = results.get("closing_note") or []
    if notes:
        lines += ["", "## Closing note: what dominates where a target is missed", ""]
        lines += [f"- {n}" for n in notes]
    lines += ["", "## API calls per endpoint", ""]
    for op, label in OPERATION_LABELS.items():
        m = results["providers"].get(op)
        if not m:
            continue
        lines += [f"**{label}** ({m['calls']['total']} calls)", ""]
        lines += [f"- `{k}`: {v}" for k, v in m["calls"]["by_endpoint"].items()] or ["- none"]
        lines.append("")
    lines += [
        "## Method",
        "",
        "- Wall time: the pulumi command(s) as a subprocess, measured around the call. `drift` is what "
        "`activity-schemas drift` does: export, refresh a copy of the state, compare.",
        "- API calls and token requests: the sandbox's request log between two marks. Writes are "
        "POST/PATCH/PUT/DELETE, token requests left out.",
        "- Peak memory and CPU: the highest `VmHWM` and the user+system CPU time of the "
        "`python -u -m pulumi.dynamic` process(es) under the run, polled every 50 ms.",
        "- Engine floor: the same pulumi commands on one do-nothing `providers.probe.Probe` per workload resource, "
        "with the same dependencies.",
        "- Lower bound: engine floor + the fewest calls of the operation (see `bench/plans.py`), scheduled "
        "highest-level-first under the limits (4 calls in flight per provider process, Account Engagement 5, "
        "Marketo 10 and 100 per 20 s) at the injected latency (`bench/lower_bound.py`).",
        "- Sequential script: `bench/sequential.py`, plain `requests`, one session, one token, one call after "
        "another, as the vendors' guides show it.",
        "",
    ]
    return "\n".join(lines)


def write(results: dict[str, Any], json_path: Path, markdown_path: Path | None) -> None:
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(results, indent=2, sort_keys=False) + "\n")
    if markdown_path is not None:
        markdown_path.parent.mkdir(parents=True, exist_ok=True)
        markdown_path.write_text(render_markdown(results))
