"""Runs the real Pulumi CLI offline: a file backend, a project-local PULUMI_HOME, no downloads.

Used by ``make demo``, the CLI's ``review``/``drift`` commands, the end-to-end tests and the
benchmark. It drives ``pulumi`` as a subprocess (not the Automation API) so that tests can kill
it hard, read its exact output, and time it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
INSTALL_SCRIPT = REPO_ROOT / "scripts" / "install-pulumi-cli.sh"
LOCAL_PASSPHRASE = "local-sandbox-only"  # noqa: S105 - documented throw-away passphrase of the `local` stack


class PulumiError(RuntimeError):
    def __init__(self, args: Sequence[str], result: subprocess.CompletedProcess[str]) -> None:
        super().__init__(
            f"pulumi {' '.join(args)} exited {result.returncode}\n--- stdout\n{result.stdout[-4000:]}"
            f"\n--- stderr\n{result.stderr[-4000:]}"
        )
        self.result = result


def pulumi_bin_dir() -> Path:
    """The directory holding the pinned pulumi CLI (building it the first time)."""
    explicit = os.environ.get("PULUMI_CLI_DIR")
    if explicit:
        return Path(explicit)
    out = subprocess.run(["bash", str(INSTALL_SCRIPT)], check=True, capture_output=True, text=True)
    return Path(out.stdout.strip().splitlines()[-1])


def offline_env(
    state_dir: Path,
    home_dir: Path,
    passphrase: str | None = LOCAL_PASSPHRASE,
    extra: Mapping[str, str] | None = None,
    bin_dir: Path | None = None,
) -> dict[str, str]:
    """The environment for a fully offline pulumi run against a file backend."""
    bin_dir = bin_dir or pulumi_bin_dir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PULUMI_")}
    env.update(
        {
            "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
            "PULUMI_HOME": str(home_dir),
            "PULUMI_BACKEND_URL": f"file://{state_dir}",
            "PULUMI_SKIP_UPDATE_CHECK": "true",
            "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
            "PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK": "true",
            "PULUMI_SKIP_CONFIRMATIONS": "true",
        }
    )
    if passphrase is not None:
        env["PULUMI_CONFIG_PASSPHRASE"] = passphrase
    if extra:
        env.update(extra)
    state_dir.mkdir(parents=True, exist_ok=True)
    home_dir.mkdir(parents=True, exist_ok=True)
    return env


@dataclass
class Stack:
    """One stack of one project directory, on the file backend ``env`` points to."""

    project_dir: Path
    name: str
    env: dict[str, str]
    timeout: float = 600.0

    def run(self, *args: str, check: bool = True, timeout: float | None = None,
            stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        cmd = ["pulumi", *args, "--non-interactive", "--color", "never"]
        if args and args[0] not in ("stack", "login", "version", "plugin", "about"):
            cmd += ["--stack", self.name]
        result = subprocess.run(
            cmd, cwd=self.project_dir, env=self.env, capture_output=True, text=True,
            timeout=timeout or self.timeout, input=stdin,
        )
        if check and result.returncode != 0:
            raise PulumiError(args, result)
        return result

    def init(self) -> Stack:
        existing = self.run("stack", "ls", "--json", check=False)
        names = [s["name"] for s in json.loads(existing.stdout or "[]")] if existing.returncode == 0 else []
        if self.name not in names:
            self.run("stack", "init", self.name)
        else:
            self.run("stack", "select", self.name)
        return self

    def set_config(self, key: str, value: str, *, secret: bool = False) -> None:
        """Values go through stdin: a PEM key starts with "-----" and would read as a flag."""
        args = ["config", "set", key] + (["--secret"] if secret else [])
        self.run(*args, stdin=value)

    def up(self, *extra: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.run("up", "--yes", "--skip-preview", *extra, check=check)

    def preview(self, *extra: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.run("preview", *extra, check=check)

    def preview_json(self, *extra: str) -> dict[str, Any]:
        result = self.run("preview", "--json", *extra, check=False)
        try:
            doc: dict[str, Any] = json.loads(result.stdout)
        except json.JSONDecodeError:
            raise PulumiError(["preview", "--json", *extra], result) from None
        return doc

    def refresh(self, *extra: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.run("refresh", "--yes", "--skip-preview", *extra, check=check)

    def destroy(self, *extra: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.run("destroy", "--yes", "--skip-preview", *extra, check=check)

    def outputs(self, *, show_secrets: bool = False) -> dict[str, Any]:
        args = ["stack", "output", "--json", "--stack", self.name]
        if show_secrets:
            args.append("--show-secrets")
        doc: dict[str, Any] = json.loads(self.run(*args).stdout or "{}")
        return doc

    def export(self) -> dict[str, Any]:
        doc: dict[str, Any] = json.loads(self.run("stack", "export", "--stack", self.name).stdout)
        return doc

    def resources(self) -> list[dict[str, Any]]:
        """The custom resources in the state (stack and provider resources left out)."""
        deployment = self.export().get("deployment", {})
        return [
            r for r in deployment.get("resources", [])
            if r.get("custom") and not r["type"].startswith("pulumi:providers:")
        ]


def write_project(directory: Path, name: str, program: str, venv: Path | None = None) -> Path:
    """A throw-away Pulumi project running ``program`` with the project's virtualenv."""
    directory.mkdir(parents=True, exist_ok=True)
    venv = venv or REPO_ROOT / ".venv"
    (directory / "Pulumi.yaml").write_text(
        f"name: {name}\nruntime:\n  name: python\n  options:\n    toolchain: pip\n"
        f"    virtualenv: {venv}\n"
    )
    (directory / "__main__.py").write_text(program)
    return directory


def which_pulumi(env: Mapping[str, str]) -> str | None:
    return shutil.which("pulumi", path=env.get("PATH"))
