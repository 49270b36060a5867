"""Runs one scenario through the real engine and checks what every scenario must leave behind.

Why one harness: each scenario must end with the same proof (the org holds exactly the declared
objects, the state matches the org, a second ``pulumi up`` changes nothing, no credential in the
export, the CLI output or the providers' logs), so the proof is written once, here.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reliability_profiles import Profile
from reliability_record import Cell

from activity_schemas.engine import Stack
from tests.process_tree import descendants, kill_tree

PROGRAM = "from activity_schemas.program import main\nmain()\n"
LOGGING_DIR = Path(__file__).resolve().parent / "provider_logging"
SECRET_KEY_WORDS = ("secret", "password", "token", "private")


@dataclass
class Scenario:
    """One stack of one provider, with every text the run produced kept for the secrets scan."""

    profile: Profile
    stack: Stack
    control: Any
    sandbox: Any
    cell: Cell
    log_dir: Path
    texts: list[str] = field(default_factory=list)

    # -- runs ---------------------------------------------------------------------------------
    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = self.stack.run(*args, check=False)
        self.texts.append(result.stdout + result.stderr)
        if check and result.returncode != 0:
            output = result.stdout + result.stderr
            raise AssertionError(f"pulumi {' '.join(args)} failed: {product_error(output)}\n{output[-4000:]}")
        return result

    def up(self, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.run("up", "--yes", "--skip-preview", check=check)

    def converge(self) -> None:
        """The ``pulumi up`` runs a user makes from scratch (Account Engagement activates on the 2nd)."""
        for _ in range(self.profile.ups_to_converge):
            self.up()

    # -- the proof every scenario ends with ---------------------------------------------------
    def assert_settled(self) -> None:
        state = self.control.state(self.profile.vendor)
        problems = self.profile.org_problems(state, self.sandbox.endpoints, True)
        assert problems == [], f"the org does not hold exactly the declared objects: {problems}"
        resources = self.stack.resources()
        problems = self.profile.state_problems(state, resources)
        assert problems == [], f"the Pulumi state does not match the org: {problems}"
        mark = self.control.mark()
        preview = self.run("preview", "--expect-no-changes", check=False)
        assert preview.returncode == 0, f"a second run would change something:\n{preview.stdout[-2000:]}"
        self.up()
        writes = self.control.calls(since=mark, vendor=self.profile.vendor, writes_only=True)
        writes = [w for w in writes if not _is_auth(w)]
        assert writes == [], f"the second pulumi up wrote to the org: {[w['endpoint'] for w in writes]}"
        self.cell.note("org exact, state = org, 2nd up: no changes, 0 writes")

    def assert_no_secret_leaked(self) -> None:
        plain, hashes = collect_secrets(self.control, self.sandbox, self.profile.vendor)
        assert plain, "the scan needs the sandbox's credentials to look for"
        texts = {"stack export": json.dumps(self.stack.export())}
        texts.update({f"CLI output #{i}": t for i, t in enumerate(self.texts)})
        logs = sorted(self.log_dir.glob("*.log"))
        log_text = "\n".join(p.read_text(errors="replace") for p in logs)
        assert "activity_schemas.http" in log_text or "urllib3" in log_text, "no provider DEBUG log was captured"
        texts["provider logs"] = log_text
        leaks = scan(texts, plain, hashes)
        assert leaks == [], f"credentials leaked: {leaks}"
        self.cell.note(f"no secret in export, {len(self.texts)} CLI outputs, {len(logs)} DEBUG logs "
                       f"({len(plain)} secrets, {len(hashes)} token hashes checked)")

    def finish(self) -> None:
        self.assert_settled()
        self.assert_no_secret_leaked()


def product_error(text: str) -> str:
    """The first error the providers or the engine printed, for a failure's first line."""
    for line in text.splitlines():
        if "error:" in line and "update failed" not in line:
            return line.split("error:", 1)[1].strip()[:400]
    return "(no error line)"


def _is_auth(entry: dict[str, Any]) -> bool:
    return "oauth" in entry["path"] or entry["path"].startswith("/identity") or entry["path"] == "/id"


def start(profile: Profile, pulumi_stack: Any, control: Any, sandbox: Any, cell: Cell, tmp_path: Path,
          name: str = "t", schema: str | None = None) -> Scenario:
    """A stack running the generic program on ``profile``'s schema, providers logging at DEBUG."""
    schema_file = tmp_path / f"{name}-{profile.key}.yaml"
    schema_file.write_text(schema or profile.schema)
    stack = pulumi_stack(PROGRAM, name=name)
    stack.run("config", "set", "--path", "activity-schemas:schemas[0]", str(schema_file))
    log_dir = tmp_path / f"provider-logs-{name}"
    stack.env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(LOGGING_DIR), stack.env.get("PYTHONPATH")]))
    stack.env["RELIABILITY_PROVIDER_LOG_DIR"] = str(log_dir)
    return Scenario(profile, stack, control, sandbox, cell, log_dir)


# -- secrets --------------------------------------------------------------------------------------
def collect_secrets(control: Any, sandbox: Any, vendor: str) -> tuple[set[str], set[str]]:
    """Every credential and live token the sandbox holds or issued, and the hashes of hashed tokens."""
    plain: set[str] = set()
    hashes: set[str] = set()
    _walk(sandbox.endpoints, plain, hashes)
    _walk(control.state(), plain, hashes)
    sf = sandbox.endpoints.get("salesforce", {})
    if sf.get("private_key_file"):
        plain.update(line for line in Path(sf["private_key_file"]).read_text().splitlines()
                     if line and not line.startswith("-----"))
    creds = control.admin("salesforce", "GET", "credentials")
    if creds.status_code == 200:
        _walk(creds.json(), plain, hashes)
    eq = sandbox.endpoints.get("eloqua", {})
    if eq.get("password"):
        basic = f"{eq['site']}\\{eq['user']}:{eq['password']}"
        plain.add(base64.b64encode(basic.encode()).decode())
    mk = sandbox.endpoints.get("marketo", {})
    if mk.get("client_secret"):
        plain.add(base64.b64encode(f"{mk['client_id']}:{mk['client_secret']}".encode()).decode())
    return {s for s in plain if len(s) >= 8}, hashes


def _walk(node: Any, plain: set[str], hashes: set[str], key: str = "") -> None:
    if isinstance(node, dict):
        for k, v in node.items():
            _walk(v, plain, hashes, str(k))
    elif isinstance(node, list):
        for v in node:
            _walk(v, plain, hashes, key)
    elif isinstance(node, str):
        lowered = key.lower()
        if lowered == "hash" and re.fullmatch(r"[0-9a-f]{64}", node):
            hashes.add(node)
        elif any(word in lowered for word in SECRET_KEY_WORDS) and "file" not in lowered and "type" not in lowered:
            plain.add(node)


def scan(texts: dict[str, str], plain: set[str], hashes: set[str]) -> list[str]:
    """Where any secret (or a token whose hash the sandbox keeps) occurs; values never printed whole."""
    leaks = []
    for where, text in texts.items():
        for secret in plain:
            if secret in text:
                leaks.append(f"{secret[:4]}... in {where}")
        words = {w for w in re.split(r"[\s\"',{}\[\]\\()<>|;=&?]+", text) if len(w) >= 16}
        words |= {w.removeprefix("Bearer") for w in words}
        found = {hashlib.sha256(w.encode()).hexdigest() for w in words} & hashes
        leaks += [f"a token with hash {h[:8]}... in {where}" for h in found]
    return leaks


# -- killing a run hard ---------------------------------------------------------------------------
def up_killed_when(scenario: Scenario, reached: Callable[[list[dict[str, Any]]], bool], timeout: float = 90,
                   delay: float = 0.0) -> str:
    """``pulumi up`` in the background, SIGKILLed (with every process it started) ``delay`` seconds
    after ``reached`` holds for the calls it made (time for the next request to be in flight);
    returns its output so far."""
    out_file = scenario.log_dir.parent / f"killed-up-{time.monotonic_ns()}.out"
    mark = scenario.control.mark()
    with out_file.open("w") as out:
        process = subprocess.Popen(
            ["pulumi", "up", "--yes", "--skip-preview", "--non-interactive", "--color", "never",
             "--stack", scenario.stack.name],
            cwd=scenario.stack.project_dir, env=scenario.stack.env, stdout=out, stderr=subprocess.STDOUT,
        )
        tree: list[int] = []
        try:
            deadline = time.monotonic() + timeout
            while not reached(scenario.control.calls(since=mark, vendor=scenario.profile.vendor)):
                if process.poll() is not None:
                    raise AssertionError(f"the run ended before the step was reached:\n{out_file.read_text()[-3000:]}")
                if time.monotonic() > deadline:
                    raise AssertionError("the run never reached the step")
                time.sleep(0.05)
            time.sleep(delay)
            tree = descendants(process.pid)
            kill_tree([process.pid, *tree])
        finally:
            kill_tree([process.pid, *tree, *descendants(process.pid)])
            process.wait(timeout=30)
    text = out_file.read_text()
    scenario.texts.append(text)
    return text


def reached(method: str, path_pattern: str, count: int = 1) -> Callable[[list[dict[str, Any]]], bool]:
    """True once ``count`` successful calls ``method`` a path matching ``path_pattern`` are logged."""
    regex = re.compile(path_pattern)

    def check(calls: list[dict[str, Any]]) -> bool:
        hits = [c for c in calls if c["method"] == method and regex.search(c["path"]) and c["status"] < 300]
        return len(hits) >= count

    return check
