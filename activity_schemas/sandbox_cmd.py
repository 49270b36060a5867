"""``activity-schemas sandbox serve|start|stop|status``: the local vendor sandbox."""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from sandbox.controlclient import SandboxControl


def register(commands: Any) -> None:
    parser = commands.add_parser("sandbox", help="run the local sandbox of the vendor APIs")
    actions = parser.add_subparsers(dest="action", required=True)

    serve = actions.add_parser("serve", help="serve in the foreground")
    _common(serve)
    serve.add_argument("--port", type=int, default=0, help="0 picks a free port")
    serve.add_argument("--no-tls", action="store_true", help="plain HTTP, for debugging only")
    serve.add_argument("--log-level", default="warning")
    serve.set_defaults(handler=_serve)

    start = actions.add_parser("start", help="start in the background unless already running")
    _common(start, default=".sandbox")
    start.add_argument("--port", type=int, default=0)
    start.set_defaults(handler=_start)

    stop = actions.add_parser("stop", help="stop the background sandbox")
    _common(stop, default=".sandbox")
    stop.set_defaults(handler=_stop)

    status = actions.add_parser("status", help="print the endpoints of the running sandbox")
    _common(status, default=".sandbox")
    status.set_defaults(handler=_status)


def _common(parser: argparse.ArgumentParser, default: str | None = None) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="a loopback address")
    parser.add_argument("--data-dir", type=Path, default=Path(default) if default else None,
                        help="where state, the CA and endpoints.json live (default: a temporary dir)")


def _serve(args: argparse.Namespace) -> int:
    from sandbox.server import SandboxServer

    server = SandboxServer(data_dir=args.data_dir, host=args.host, port=args.port, tls=not args.no_tls,
                           log_level=args.log_level)
    print(f"sandbox: serving {server.ctx.base_url}; endpoints in {server.endpoints_file}", flush=True)
    server.serve_forever()
    return 0


def running_endpoints(data_dir: Path) -> dict[str, Any] | None:
    """The endpoints of a sandbox answering on ``data_dir``'s endpoints.json, else None."""
    file = data_dir / "endpoints.json"
    if not file.exists():
        return None
    doc: dict[str, Any] = json.loads(file.read_text())
    try:
        SandboxControl(doc["control"], doc.get("ca_bundle"), timeout=3).endpoints()
    except Exception:  # any failure means "not running"
        return None
    return doc


def ensure_running(data_dir: Path, host: str = "127.0.0.1", port: int = 0, wait: float = 60.0) -> dict[str, Any]:
    doc = running_endpoints(data_dir)
    if doc:
        return doc
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "endpoints.json").unlink(missing_ok=True)
    log = open(data_dir / "sandbox.log", "ab")  # noqa: SIM115 - handed to the child process
    process = subprocess.Popen(
        [sys.executable, "-m", "activity_schemas.cli", "sandbox", "serve", "--data-dir", str(data_dir),
         "--host", host, "--port", str(port)],
        stdout=log, stderr=log, stdin=subprocess.DEVNULL, start_new_session=True,
    )
    (data_dir / "sandbox.pid").write_text(str(process.pid))
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        doc = running_endpoints(data_dir)
        if doc:
            return doc
        if process.poll() is not None:
            raise RuntimeError(f"the sandbox exited with {process.returncode}; see {data_dir / 'sandbox.log'}")
        time.sleep(0.2)
    raise RuntimeError(f"the sandbox did not start within {wait:.0f}s; see {data_dir / 'sandbox.log'}")


def _start(args: argparse.Namespace) -> int:
    doc = ensure_running(args.data_dir, args.host, args.port)
    print(f"sandbox: running at {doc['base_url']} (endpoints: {args.data_dir / 'endpoints.json'})")
    return 0


def _stop(args: argparse.Namespace) -> int:
    pid_file = args.data_dir / "sandbox.pid"
    if not pid_file.exists():
        print("sandbox: not started from this data dir")
        return 0
    try:
        os.kill(int(pid_file.read_text()), signal.SIGTERM)
        print("sandbox: stopped")
    except ProcessLookupError:
        print("sandbox: was not running")
    pid_file.unlink()
    return 0


def _status(args: argparse.Namespace) -> int:
    doc = running_endpoints(args.data_dir)
    if not doc:
        print("sandbox: not running")
        return 1
    print(json.dumps({k: v for k, v in doc.items() if k in ("base_url", "control", "ca_bundle")}, indent=2))
    return 0
