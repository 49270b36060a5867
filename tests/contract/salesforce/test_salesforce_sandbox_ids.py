"""Salesforce id rules the sandbox relies on (pure functions; no server needed)."""

from __future__ import annotations

import pytest

from sandbox.salesforce.ids import checksum, new_id, normalize


def test_checksum_matches_published_examples() -> None:
    assert checksum("a0D30000001n7Pi") == "EAI"
    assert checksum("001A0000006Vm9r") == "IAC"


def test_new_ids_are_valid_18_char_ids() -> None:
    made = {new_id("0Uv") for _ in range(200)}
    assert len(made) == 200
    for value in made:
        assert value.startswith("0Uv") and len(value) == 18
        assert normalize(value) == value


@pytest.mark.parametrize("variant", ["lower", "upper", "fifteen"])
def test_normalize_restores_case(variant: str) -> None:
    real = "a0D30000001n7PiEAI"
    given = {"lower": real.lower(), "upper": real[:15].upper() + real[15:], "fifteen": real[:15]}[variant]
    assert normalize(given) == real  # the suffix says which letters are uppercase


@pytest.mark.parametrize("bad", ["", "short", "a0D30000001n7PiEA", "a0D30000001n7PiEA9", "a0D30000001n7Pi!AI", 42])
def test_normalize_rejects_malformed(bad: object) -> None:
    assert normalize(bad) is None  # type: ignore[arg-type]
