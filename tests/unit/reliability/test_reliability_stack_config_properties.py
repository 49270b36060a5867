"""Generated stack config (hypothesis): ``validate``'s stack check names the key and the rule,
never raises anything but a named file error, calls no API, and never echoes a plaintext secret."""

from __future__ import annotations

import re
import socket
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from activity_schemas.stack_check import SECRET_SETTINGS, check_stack_config
from activity_schemas.stacks import StackFileError, read_stack

EXAMPLES = 150
VENDOR_KEYS = {
    "account-engagement": ["salesforce:loginUrl", "salesforce:clientId", "salesforce:authFlow", "salesforce:apiVersion",
                           "salesforce:privateKey", "salesforce:privateKeyFile", "salesforce:clientSecret",
                           "salesforce:username", "salesforce:refreshToken", "accountEngagement:baseUrl"],
    "marketo": ["marketo:baseUrl", "marketo:identityUrl", "marketo:clientId", "marketo:clientSecret"],
    "eloqua": ["eloqua:site", "eloqua:loginUrl", "eloqua:user", "eloqua:password", "eloqua:refreshToken",
               "eloqua:clientId", "eloqua:clientSecret", "eloqua:authMode"],
}
SECTION = {"account-engagement": "accountEngagement", "marketo": "marketo", "eloqua": "eloqua"}
OURS = ["activity-schemas:schemas", "activity-schemas:activate", "activity-schemas:adopt",
        "activity-schemas:marketoApprove", "activity-schemas:examples", "activity-schemas:sandboxEndpoints"]
SECRET_TEXT = "s3cr3t-Value-7f2c9a"  # a plaintext secret must never be echoed back

scalars = st.one_of(st.none(), st.booleans(), st.integers(-3, 70), st.text(max_size=30),
                    st.sampled_from(["true", "false", "https://login.example.com", "http://x", "jwt", "67.0",
                                     "v41.0", "schemas/examples.yaml", "HappyHomeTX", "", SECRET_TEXT]))
values = st.one_of(
    scalars, st.lists(scalars, max_size=3), st.dictionaries(st.text(max_size=12), scalars, max_size=3),
    st.builds(lambda v: {"secure": v}, st.text(min_size=1, max_size=20)),
)


ENCRYPTED = {"secure": "v1:c2FsdA==:v1:ZW5jcnlwdGVk"}
VALID: dict[str, dict[str, Any]] = {  # a clean stack per vendor: mutated one key at a time below
    "account-engagement": {"salesforce:loginUrl": "https://login.salesforce.com", "salesforce:clientId": "3MVG9",
                           "salesforce:username": "ops@example.com", "salesforce:privateKey": ENCRYPTED,
                           "activity-schemas:schemas": ["schemas/ae.yaml"], "activity-schemas:activate": "false"},
    "marketo": {"marketo:baseUrl": "https://123-ABC-456.mktorest.com", "marketo:clientId": "abc",
                "marketo:clientSecret": ENCRYPTED, "activity-schemas:marketoApprove": "true"},
    "eloqua": {"eloqua:site": "AcmeInc", "eloqua:user": "ops", "eloqua:password": ENCRYPTED,
               "activity-schemas:adopt": "false"},
}


def configs(vendor: str) -> st.SearchStrategy[dict[str, Any]]:
    keys = st.one_of(st.sampled_from(VENDOR_KEYS[vendor] + OURS), st.text(min_size=1, max_size=20))

    def mutate(key: str, value: Any, action: str) -> dict[str, Any]:
        changed = dict(VALID[vendor])
        if action == "drop":
            changed.pop(key, None)
        elif action == "set":
            changed[key] = value
        return changed

    mutated = st.builds(mutate, keys, values, st.sampled_from(["keep", "drop", "set", "set"]))
    return st.one_of(st.dictionaries(keys, values, max_size=8), mutated)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    attempts: list[str] = []

    def refuse(*args: Any, **kwargs: Any) -> None:
        attempts.append(repr(args[1:]))
        raise AssertionError("the stack check opened a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    return attempts


def _assert_named(problems: list[Any], config: dict[str, Any]) -> None:
    for problem in problems:
        assert problem.key == "config" or problem.key in map(str, config) or re.match(r"^[^:\s]+:", problem.key), (
            problem)
        assert problem.rule.strip() and "Traceback" not in problem.rule, problem
        assert SECRET_TEXT not in str(problem), f"a plaintext value was echoed: {problem}"


@pytest.mark.parametrize("vendor", list(VENDOR_KEYS))
def test_generated_stack_config_gets_named_problems(vendor: str, tmp_path: Path, no_network: list[str],
                                                    request: pytest.FixtureRequest) -> None:
    request.applymarker(pytest.mark.matrix(scenario="bad input: generated stack config and schema files",
                                           provider=vendor))
    cell = request.getfixturevalue("cell")
    seen = {"configs": 0, "clean": 0, "problems": 0, "file errors": 0}

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                          HealthCheck.function_scoped_fixture])
    @given(configs(vendor), st.booleans())
    def one(config: dict[str, Any], as_file: bool) -> None:
        seen["configs"] += 1
        if as_file:  # through the file reader, as `validate --stack` does
            (tmp_path / "Pulumi.gen.yaml").write_text(yaml.safe_dump({"config": config}))
            try:
                config = read_stack("gen", tmp_path).config
            except StackFileError as error:
                seen["file errors"] += 1
                assert "Pulumi.gen.yaml" in str(error)
                return
        problems = check_stack_config(config, [SECTION[vendor]], env={})
        _assert_named(problems, config)
        seen["clean" if not problems else "problems"] += 1
        for key in SECRET_SETTINGS.get(VENDOR_KEYS[vendor][0].split(":")[0], ()):
            full = f"{VENDOR_KEYS[vendor][0].split(':')[0]}:{key}"
            if isinstance(config.get(full), str):
                assert any(p.key == full for p in problems), f"plaintext {full} not refused"

    one()
    assert not no_network
    assert seen["problems"] > 0 and seen["clean"] > 0, f"the generator is one-sided: {seen}"
    cell.note(f"{seen['configs']} generated stack configs: {seen['problems']} with named key+rule problems, "
              f"{seen['clean']} clean, {seen['file errors']} unreadable files named; plaintext secrets always "
              "refused and never echoed; 0 exceptions, 0 network connections")


@pytest.mark.parametrize("text", ["config: [1, 2]", "- a\n- b", "config:\n  a: [\n", "\t", "config: 3"])
def test_malformed_stack_files_are_named(text: str, tmp_path: Path) -> None:
    (tmp_path / "Pulumi.bad.yaml").write_text(text)
    try:
        read_stack("bad", tmp_path)
    except StackFileError as error:
        assert "Pulumi.bad.yaml" in str(error)
