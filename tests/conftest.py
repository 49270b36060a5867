"""Fixtures shared by every test: the sandbox (in-process, HTTPS) and throw-away Pulumi stacks."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from activity_schemas.engine import Stack, offline_env, pulumi_bin_dir, write_project
from sandbox.controlclient import SandboxControl
from sandbox.server import SandboxServer


class RunningSandbox:
    def __init__(self, server: SandboxServer) -> None:
        self.server = server
        self.endpoints = server.start()
        self.endpoints_file = server.endpoints_file
        self.ctx = server.ctx
        self.data_dir = server.data_dir


@pytest.fixture(scope="session")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSandbox]:
    server = SandboxServer(data_dir=tmp_path_factory.mktemp("sandbox"))
    running = RunningSandbox(server)
    yield running
    server.stop()


@pytest.fixture
def control(sandbox: RunningSandbox) -> SandboxControl:
    """The sandbox's control client, after a full reset (reseeded, no faults, empty log)."""
    client = SandboxControl(sandbox.endpoints["control"], sandbox.endpoints["ca_bundle"])
    client.reset()  # reseeding issues fresh throw-away credentials: rewrite endpoints.json
    sandbox.endpoints = sandbox.server.endpoints()
    sandbox.server.write_endpoints()
    return client


@pytest.fixture(scope="session")
def pulumi_cli_dir() -> Path:
    """The pinned pulumi CLI (built once per machine by scripts/install-pulumi-cli.sh)."""
    return pulumi_bin_dir()


StackFactory = Callable[..., Stack]


@pytest.fixture
def pulumi_stack(
    tmp_path: Path, sandbox: RunningSandbox, pulumi_cli_dir: Path
) -> Iterator[StackFactory]:
    """Builds a throw-away project + stack on a file backend, wired to the sandbox."""
    created: list[Stack] = []

    def make(
        program: str,
        *,
        config: dict[str, str] | None = None,
        secrets: dict[str, str] | None = None,
        name: str = "t",
    ) -> Stack:
        project_dir = write_project(tmp_path / f"project-{len(created)}", name, textwrap.dedent(program))
        env = offline_env(tmp_path / "state", tmp_path / "pulumi-home", bin_dir=pulumi_cli_dir,
                          extra={"PYTHONDONTWRITEBYTECODE": "1"})
        stack = Stack(project_dir, "test", env).init()
        stack.set_config("activity-schemas:sandboxEndpoints", str(sandbox.endpoints_file))
        for key, value in (config or {}).items():
            stack.set_config(key, value)
        for key, value in (secrets or {}).items():
            stack.set_config(key, value, secret=True)
        created.append(stack)
        return stack

    yield make


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """e2e tests are slow; they run last so that fast failures show first."""
    items.sort(key=lambda item: 1 if item.get_closest_marker("e2e") else 0)


os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
