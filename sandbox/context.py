"""What every vendor surface shares: the store, the clock, parity switches, faults and the log."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from sandbox.faults import FaultBook
from sandbox.requestlog import RequestLog
from sandbox.store import Store


class Clock:
    """Wall time with an offset the control surface can move (token expiry, daily quotas)."""

    def __init__(self) -> None:
        self.offset = 0.0

    def now(self) -> float:
        return time.time() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds


@dataclass
class SandboxContext:
    store: Store
    base_url: str = "https://127.0.0.1"
    clock: Clock = field(default_factory=Clock)
    faults: FaultBook = field(default_factory=FaultBook)
    log: RequestLog = field(default_factory=RequestLog)
    data_dir: str | None = None
    ca_bundle: str | None = None  # the CA clients trust (None: plain HTTP)

    def setting(self, vendor: str, name: str, default: Any) -> Any:
        """A parity switch (documented in docs/sandbox.md); stored so it survives restarts."""
        return self.store.get_setting(f"{vendor}/{name}", default)

    def set_setting(self, vendor: str, name: str, value: Any) -> None:
        self.store.set_setting(f"{vendor}/{name}", value)
