"""The lower bound of an operation's API calls: the fewest calls, scheduled under the vendor limits.

Why a scheduler and not a formula: the calls form chains (a token before anything, an extension
before its activity types, a Marketo draft before its attributes before its approval), and several
limits bind at once (at most 4 calls in flight in one Python dynamic-provider process, per-vendor
concurrency, Marketo's 100 calls per 20 s). Every call takes the same injected latency, so the
problem is unit-time scheduling of a DAG on a slotted clock (slot = one latency).

The schedule is a list schedule, highest level first (Hu's rule), run forwards and on the reversed
DAG (a reversed feasible schedule is feasible: concurrency per slot and call counts in any window
are unchanged by reflection). Hu's rule is optimal for unit-time in-forests and, through the
reversal, out-forests, which is what these workloads are; :func:`analytic_bound` gives a bound no
schedule can beat, and the tests check that the schedule never goes below it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Call:
    """One API call: ``key`` unique, ``vendor`` its limit group, ``after`` the calls it waits for."""

    key: str
    vendor: str
    after: tuple[str, ...] = ()
    rate_counted: bool = True  # Marketo's identity calls do not count against its rate limit


@dataclass(frozen=True)
class Limits:
    """The limits the calls are scheduled under."""

    process_concurrency: int | None = 4  # one Python dynamic-provider process: 4 gRPC worker threads
    concurrency: Mapping[str, int] = field(default_factory=dict)  # vendor -> calls in flight
    rate: Mapping[str, tuple[int, float]] = field(default_factory=dict)  # vendor -> (calls, window s)


# The limits of issue 10: Marketo 100 calls per 20 s and 10 concurrent, Account Engagement 5
# concurrent, at most 4 concurrent calls in one Python dynamic-provider process.
VENDOR_LIMITS = Limits(
    process_concurrency=4,
    concurrency={"marketo": 10, "account_engagement": 5},
    rate={"marketo": (100, 20.0)},
)


@dataclass(frozen=True)
class Schedule:
    starts: dict[str, int]  # call key -> start slot
    slots: int  # makespan in slots
    latency_s: float

    @property
    def seconds(self) -> float:
        return self.slots * self.latency_s

    def in_flight(self, slot: int) -> list[str]:
        return [k for k, s in self.starts.items() if s == slot]


def check_calls(calls: Sequence[Call]) -> dict[str, Call]:
    """The calls by key; a duplicate key, an unknown predecessor or a cycle is a clear error."""
    by_key: dict[str, Call] = {}
    for call in calls:
        if call.key in by_key:
            raise ValueError(f"call key {call.key!r} appears twice; keys must be unique")
        by_key[call.key] = call
    for call in calls:
        for before in call.after:
            if before not in by_key:
                raise ValueError(f"call {call.key!r}: 'after' names {before!r}, which is not a call")
    _levels(by_key)  # raises on a cycle
    return by_key


def check_limits(latency_s: float, limits: Limits) -> None:
    """Limits that would make a schedule impossible are a clear error, not an endless loop."""
    if latency_s <= 0:
        raise ValueError(f"latency_s must be > 0 (got {latency_s})")
    if limits.process_concurrency is not None and limits.process_concurrency < 1:
        raise ValueError(f"process_concurrency must be >= 1 or None (got {limits.process_concurrency})")
    for vendor, cap in limits.concurrency.items():
        if cap < 1:
            raise ValueError(f"concurrency[{vendor!r}] must be >= 1 (got {cap})")
    for vendor, (per_window, window) in limits.rate.items():
        if per_window < 1 or window <= 0:
            raise ValueError(f"rate[{vendor!r}] must be (calls >= 1, window > 0 s) (got {(per_window, window)})")


def _levels(by_key: Mapping[str, Call]) -> dict[str, int]:
    """Level = number of calls on the longest chain starting at the call (itself included)."""
    successors: dict[str, list[str]] = {k: [] for k in by_key}
    for call in by_key.values():
        for before in call.after:
            successors[before].append(call.key)
    level: dict[str, int] = {}
    visiting: set[str] = set()

    def visit(key: str) -> int:
        if key in level:
            return level[key]
        if key in visiting:
            raise ValueError(f"the calls' 'after' chains form a cycle through {key!r}")
        visiting.add(key)
        level[key] = 1 + max((visit(s) for s in successors[key]), default=0)
        visiting.discard(key)
        return level[key]

    for key in by_key:
        visit(key)
    return level


def _depths(by_key: Mapping[str, Call]) -> dict[str, int]:
    """Depth = number of calls on the longest chain ending just before the call."""
    depth: dict[str, int] = {}

    def visit(key: str) -> int:
        if key not in depth:
            depth[key] = max((visit(b) + 1 for b in by_key[key].after), default=0)
        return depth[key]

    for key in by_key:
        visit(key)
    return depth


def _reversed(by_key: Mapping[str, Call]) -> dict[str, Call]:
    after: dict[str, list[str]] = {k: [] for k in by_key}
    for call in by_key.values():
        for before in call.after:
            after[before].append(call.key)
    return {k: Call(k, c.vendor, tuple(after[k]), c.rate_counted) for k, c in by_key.items()}


def _window_slots(window_s: float, latency_s: float) -> int:
    """How many consecutive slots one rate window covers (a start at slot s sees slots > s - n)."""
    return max(1, math.ceil(window_s / latency_s - 1e-9))


def _list_schedule(by_key: Mapping[str, Call], latency_s: float, limits: Limits) -> dict[str, int]:
    level = _levels(by_key)
    order = sorted(by_key, key=lambda k: (-level[k], k))
    starts: dict[str, int] = {}
    rate_starts: dict[str, list[int]] = {v: [] for v in limits.rate}
    slot = 0
    while len(starts) < len(by_key):
        used_total = 0
        used_vendor: dict[str, int] = {}
        for key in order:
            if key in starts:
                continue
            call = by_key[key]
            if any(b not in starts or starts[b] + 1 > slot for b in call.after):
                continue
            if limits.process_concurrency is not None and used_total >= limits.process_concurrency:
                break
            cap = limits.concurrency.get(call.vendor)
            if cap is not None and used_vendor.get(call.vendor, 0) >= cap:
                continue
            if call.rate_counted and call.vendor in limits.rate:
                calls, window = limits.rate[call.vendor]
                span = _window_slots(window, latency_s)
                if sum(1 for s in rate_starts[call.vendor] if s > slot - span) >= calls:
                    continue
                rate_starts[call.vendor].append(slot)
            starts[key] = slot
            used_total += 1
            used_vendor[call.vendor] = used_vendor.get(call.vendor, 0) + 1
        slot += 1
    return starts


def schedule(calls: Sequence[Call], latency_s: float, limits: Limits = VENDOR_LIMITS) -> Schedule:
    """The shortest of the forward and reversed highest-level-first schedules of ``calls``."""
    check_limits(latency_s, limits)
    by_key = check_calls(calls)
    if not by_key:
        return Schedule({}, 0, latency_s)
    forward = _list_schedule(by_key, latency_s, limits)
    backward = _list_schedule(_reversed(by_key), latency_s, limits)
    forward_slots = max(forward.values()) + 1
    backward_slots = max(backward.values()) + 1
    if backward_slots < forward_slots:
        mirrored = {k: backward_slots - 1 - s for k, s in backward.items()}
        return Schedule(mirrored, backward_slots, latency_s)
    return Schedule(forward, forward_slots, latency_s)


def analytic_bound(calls: Sequence[Call], latency_s: float, limits: Limits = VENDOR_LIMITS) -> float:
    """Seconds no schedule can beat: the longest chain; for each k, k slots plus the calls that must
    wait k slots divided by the process cap; per-vendor work / vendor cap; the rate windows a
    vendor's calls must span."""
    check_limits(latency_s, limits)
    by_key = check_calls(calls)
    if not by_key:
        return 0.0
    slots = max(_levels(by_key).values())
    if limits.process_concurrency:
        # The calls that cannot start before slot k (k calls precede them) need slots after k.
        depth = _depths(by_key)
        for k in range(max(depth.values()) + 1):
            later = sum(1 for d in depth.values() if d >= k)
            slots = max(slots, k + math.ceil(later / limits.process_concurrency))
    per_vendor: dict[str, int] = {}
    rated: dict[str, int] = {}
    for call in by_key.values():
        per_vendor[call.vendor] = per_vendor.get(call.vendor, 0) + 1
        if call.rate_counted:
            rated[call.vendor] = rated.get(call.vendor, 0) + 1
    for vendor, count in per_vendor.items():
        cap = limits.concurrency.get(vendor)
        if cap:
            slots = max(slots, math.ceil(count / cap))
    for vendor, (per_window, window) in limits.rate.items():
        count = rated.get(vendor, 0)
        if count > per_window:
            slots = max(slots, ((count - 1) // per_window) * _window_slots(window, latency_s) + 1)
    return slots * latency_s


def verify(plan: Schedule, calls: Iterable[Call], limits: Limits) -> list[str]:
    """Every way ``plan`` breaks the dependencies or the limits (empty when it is feasible)."""
    by_key = {c.key: c for c in calls}
    problems: list[str] = []
    for key, call in by_key.items():
        for before in call.after:
            if plan.starts[before] + 1 > plan.starts[key]:
                problems.append(f"{key} starts before {before} finished")
    for slot in range(plan.slots):
        running = [by_key[k] for k in plan.in_flight(slot)]
        if limits.process_concurrency is not None and len(running) > limits.process_concurrency:
            problems.append(f"slot {slot}: {len(running)} calls in flight")
        for vendor, cap in limits.concurrency.items():
            n = sum(1 for c in running if c.vendor == vendor)
            if n > cap:
                problems.append(f"slot {slot}: {n} {vendor} calls in flight")
        for vendor, (per_window, window) in limits.rate.items():
            span = _window_slots(window, plan.latency_s)
            n = sum(1 for k, s in plan.starts.items()
                    if by_key[k].vendor == vendor and by_key[k].rate_counted and slot - span < s <= slot)
            if n > per_window:
                problems.append(f"slot {slot}: {n} {vendor} calls in one rate window")
    return problems
