"""Runs the sandbox on uvicorn, on loopback only, and writes ``endpoints.json`` when ready."""

from __future__ import annotations

import asyncio
import ipaddress
import json
import logging
import os
import socket
import tempfile
import threading
from pathlib import Path
from typing import Any

import uvicorn

from sandbox.app import build_app
from sandbox.context import SandboxContext
from sandbox.control import build_endpoints
from sandbox.store import Store
from sandbox.tls import ensure_tls


class _QuietDrops(logging.Filter):
    """Dropped connections are injected on purpose; they are not server errors."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return type(exc).__name__ != "ConnectionDropped"


def _check_loopback(host: str) -> None:
    if host == "localhost":
        return
    try:
        if ipaddress.ip_address(host).is_loopback:
            return
    except ValueError:
        pass
    raise ValueError(f"the sandbox binds to loopback only; {host!r} is not a loopback address")


class SandboxServer:
    """The sandbox in a background thread (tests) or in the foreground (``sandbox serve``)."""

    def __init__(
        self,
        data_dir: Path | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        tls: bool = True,
        log_level: str = "warning",
    ) -> None:
        _check_loopback(host)
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        if data_dir is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="activity-schemas-sandbox-")
            data_dir = Path(self._tmp.name)
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.host, self.tls, self.log_level = host, tls, log_level
        # proto=IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY on accepted sockets only when the proto
        # says TCP; without it every answer waits ~40 ms for the client's delayed ACK (Nagle).
        self.sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM,
                                  socket.IPPROTO_TCP)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock.bind((host, port))
        self.port = self.sock.getsockname()[1]
        scheme = "https" if tls else "http"
        url_host = f"[{host}]" if ":" in host else host
        self.ctx = SandboxContext(
            store=Store(self.data_dir / "sandbox.sqlite3"),
            base_url=f"{scheme}://{url_host}:{self.port}",
            data_dir=str(self.data_dir),
        )
        self.tls_files = ensure_tls(self.data_dir) if tls else None
        self.ctx.ca_bundle = str(self.tls_files.ca_bundle) if self.tls_files else None
        self.app = build_app(self.ctx)
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def endpoints_file(self) -> Path:
        return self.data_dir / "endpoints.json"

    def endpoints(self) -> dict[str, Any]:
        return build_endpoints(self.ctx, self.app.state.surfaces)

    def _config(self) -> uvicorn.Config:
        logging.getLogger("uvicorn.error").addFilter(_QuietDrops())
        kwargs: dict[str, Any] = {}
        if self.tls_files:
            kwargs = {"ssl_certfile": str(self.tls_files.cert_chain), "ssl_keyfile": str(self.tls_files.private_key)}
        return uvicorn.Config(self.app, log_level=self.log_level, access_log=False,
                              timeout_keep_alive=30, timeout_graceful_shutdown=1, **kwargs)

    def write_endpoints(self) -> None:
        tmp = self.endpoints_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.endpoints(), indent=2) + "\n")
        os.replace(tmp, self.endpoints_file)

    async def _serve(self) -> None:
        if self._server is None:
            raise RuntimeError("start() or serve_forever() creates the server first")
        await self._server.serve(sockets=[self.sock])

    def start(self) -> dict[str, Any]:
        """Serve in a daemon thread; returns the endpoints once the server accepts connections."""
        self._server = uvicorn.Server(self._config())
        self._thread = threading.Thread(target=lambda: asyncio.run(self._serve()), daemon=True,
                                        name="sandbox")
        self._thread.start()
        while not self._server.started:
            if not self._thread.is_alive():
                raise RuntimeError("the sandbox server failed to start")
            threading.Event().wait(0.02)
        self.write_endpoints()
        return self.endpoints()

    def serve_forever(self) -> None:
        self._server = uvicorn.Server(self._config())

        async def run() -> None:
            task = asyncio.create_task(self._serve())
            while not self._server.started and not task.done():  # type: ignore[union-attr]
                await asyncio.sleep(0.02)
            if not task.done():
                self.write_endpoints()
            await task

        asyncio.run(run())

    def stop(self) -> None:
        if self._server:
            self._server.should_exit = True
        if self._thread:
            self._thread.join(timeout=10)
        self.ctx.store.close()
        if self._tmp:
            self._tmp.cleanup()
