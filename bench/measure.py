"""Measuring one operation: wall time, API calls from the sandbox's request log, token requests,
and the peak memory (VmHWM) of the ``python -u -m pulumi.dynamic`` provider process(es).

Why /proc polling: the provider process is started by the pulumi engine, not by us; it is a
descendant of the ``pulumi`` subprocess, and its high-water mark is in ``/proc/<pid>/status``.
Polling every 50 ms and keeping the last value read is enough: VmHWM only grows.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

PROVIDER_MARKER = "pulumi.dynamic"
POLL_SECONDS = 0.05


@dataclass
class CallCounts:
    """What the request log says about one operation's calls."""

    total: int = 0
    by_vendor: dict[str, int] = field(default_factory=dict)
    by_endpoint: dict[str, int] = field(default_factory=dict)
    writes: int = 0  # POST/PATCH/PUT/DELETE, token requests left out
    writes_by_vendor: dict[str, int] = field(default_factory=dict)
    tokens: dict[str, int] = field(default_factory=dict)  # token requests per vendor
    errors: int = 0  # answers with status >= 400 or dropped (0)


@dataclass
class Measurement:
    name: str
    wall_s: float
    calls: CallCounts
    peak_rss_kb: int | None = None  # highest VmHWM of the provider processes
    provider_cpu_s: float | None = None  # CPU time of the provider processes
    provider_processes: int = 0
    ok: bool = True
    error: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def is_token_endpoint(endpoint: str) -> bool:
    """OAuth/identity token endpoints of the three vendors (``POST /services/oauth2/token``,
    ``GET /identity/oauth/token``, ``POST /auth/oauth2/token``)."""
    path = endpoint.split(" ", 1)[-1]
    return "oauth" in path and path.rstrip("/").endswith("/token")


def count_calls(entries: Iterable[dict[str, Any]]) -> CallCounts:
    """Counts from request-log entries (``{vendor, method, endpoint, status, write}``)."""
    counts = CallCounts()
    by_vendor: Counter[str] = Counter()
    by_endpoint: Counter[str] = Counter()
    writes: Counter[str] = Counter()
    tokens: Counter[str] = Counter()
    for entry in entries:
        vendor, endpoint = str(entry["vendor"]), str(entry["endpoint"])
        counts.total += 1
        by_vendor[vendor] += 1
        by_endpoint[f"{vendor} {endpoint}"] += 1
        if is_token_endpoint(endpoint):
            tokens[vendor] += 1
        elif entry.get("write"):
            writes[vendor] += 1
        status = int(entry.get("status") or 0)
        if status == 0 or status >= 400:
            counts.errors += 1
    counts.by_vendor = dict(sorted(by_vendor.items()))
    counts.by_endpoint = dict(sorted(by_endpoint.items()))
    counts.writes = sum(writes.values())
    counts.writes_by_vendor = dict(sorted(writes.items()))
    counts.tokens = dict(sorted(tokens.items()))
    return counts


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for tid in tasks:
        try:
            text = Path(f"/proc/{pid}/task/{tid}/children").read_text()
        except OSError:
            continue
        found.extend(int(p) for p in text.split())
    return found


def descendants(root: int) -> list[int]:
    seen: list[int] = []
    stack = _children(root)
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.append(pid)
        stack.extend(_children(pid))
    return seen


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time the process has used so far (``/proc/<pid>/stat`` fields 14-15)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def vm_hwm_kb(pid: int) -> int | None:
    """The process's peak resident set (``VmHWM``) in kB, or None once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


class ProviderMemoryPoller:
    """Polls the provider processes under this process every 50 ms while an operation runs."""

    def __init__(self, root: int | None = None, interval: float = POLL_SECONDS) -> None:
        self.root = root or os.getpid()
        self.interval = interval
        self.peaks: dict[int, int] = {}
        self.cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="bench-memory", daemon=True)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.poll_once()
            self._stop.wait(self.interval)

    def poll_once(self) -> None:
        for pid in descendants(self.root):
            if pid not in self.peaks and PROVIDER_MARKER not in _cmdline(pid):
                continue
            hwm = vm_hwm_kb(pid)
            if hwm is not None:
                self.peaks[pid] = max(hwm, self.peaks.get(pid, 0))
            used = cpu_seconds(pid)
            if used is not None:
                self.cpu[pid] = max(used, self.cpu.get(pid, 0.0))

    def __enter__(self) -> ProviderMemoryPoller:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    @property
    def cpu_s(self) -> float | None:
        """CPU seconds of the provider processes (as of the last poll before each one ended)."""
        return round(sum(self.cpu.values()), 2) if self.cpu else None

    @property
    def peak_kb(self) -> int | None:
        return max(self.peaks.values()) if self.peaks else None


class CallLog:
    """The sandbox's request log seen through its control client (or any ``mark``/``requests``)."""

    def __init__(self, control: Any) -> None:
        self.control = control

    def mark(self) -> int:
        return int(self.control.mark())

    def since(self, mark: int) -> list[dict[str, Any]]:
        entries: list[dict[str, Any]] = self.control.requests(since=mark)["entries"]
        return entries


def measure(name: str, action: Callable[[], Any], log: CallLog | None) -> tuple[Measurement, Any]:
    """Runs ``action`` once and measures it; a failure is recorded (``ok=False``), not raised."""
    mark = log.mark() if log else 0
    result: Any = None
    error: str | None = None
    with ProviderMemoryPoller() as poller:
        started_at = time.time()
        started = time.perf_counter()
        try:
            result = action()
        except Exception as exc:  # a failed operation is a benchmark result, reported as such
            error = f"{type(exc).__name__}: {exc}"[-3000:]
        wall = time.perf_counter() - started
        ended_at = time.time()
    entries = log.since(mark) if log else []
    # The sandbox logs a call when it has answered (``at``, wall clock of this machine).
    times = sorted(float(e["at"]) for e in entries if "at" in e)
    extra: dict[str, Any] = {"started_at": started_at, "ended_at": ended_at,
                             "first_call_at": times[0] if times else None, "last_call_at": times[-1] if times else None}
    return Measurement(name=name, wall_s=round(wall, 3), calls=count_calls(entries), peak_rss_kb=poller.peak_kb,
                       provider_cpu_s=poller.cpu_s, provider_processes=len(poller.peaks), ok=error is None,
                       error=error, extra=extra), result


def pick_median(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median wall time (the lower one of the middle two for an even count),
    annotated with every run's wall time: one slow or fast outlier on a shared machine does not
    decide the figure, and the figure stays one real, consistent measurement."""
    if not runs:
        raise ValueError("pick_median needs at least one run")
    ordered = sorted(runs, key=lambda r: (not r.get("ok", True), r["wall_s"]))
    ok_runs = [r for r in ordered if r.get("ok", True)] or ordered
    chosen = dict(ok_runs[(len(ok_runs) - 1) // 2])
    chosen["runs_wall_s"] = [r["wall_s"] for r in runs]
    chosen["runs_ok_wall_s"] = [r["wall_s"] for r in runs if r.get("ok", True)]
    chosen["runs_failed"] = sum(1 for r in runs if not r.get("ok", True))
    return chosen


IMPORT_PROBE = (
    "import importlib, sys, time\n"
    "t = time.perf_counter()\n"
    "for name in sys.argv[1:]:\n"
    "    importlib.import_module(name)\n"
    "print(time.perf_counter() - t)\n"
)


def import_seconds(modules: Sequence[str], repeat: int = 3, python: str = sys.executable) -> float:
    """Median time a fresh interpreter takes to import ``modules``: what the provider process pays
    before its first call (it imports the provider classes when it unpickles them)."""
    times = []
    for _ in range(repeat):
        out = subprocess.run([python, "-c", IMPORT_PROBE, *modules], capture_output=True, text=True, check=True,
                             timeout=120)
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return round(statistics.median(times), 3)
