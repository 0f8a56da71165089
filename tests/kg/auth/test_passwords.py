"""Argon2id hashes that verify, refuse quietly, say when they are outdated; the policy."""

from __future__ import annotations

import time

import pytest
from argon2 import PasswordHasher, Type, extract_parameters
from argon2.profiles import RFC_9106_LOW_MEMORY

from kg.auth.passwords import (
    DEFAULT_HASHER,
    MAX_LENGTH,
    MIN_LENGTH,
    check_password_policy,
    dummy_hash,
    hash_password,
    needs_rehash,
    verify_password,
)

CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
PASSWORD = "correct horse battery staple"


def test_the_default_is_argon2id_with_argon2_cffi_defaults() -> None:
    params = extract_parameters(hash_password(PASSWORD))
    assert params.type is Type.ID
    assert params == extract_parameters(PasswordHasher().hash(PASSWORD))
    assert (params.time_cost, params.memory_cost, params.parallelism) == (
        RFC_9106_LOW_MEMORY.time_cost,
        RFC_9106_LOW_MEMORY.memory_cost,
        RFC_9106_LOW_MEMORY.parallelism,
    )
    assert DEFAULT_HASHER.type is Type.ID


def test_hash_verifies_its_password_only_and_is_salted() -> None:
    first, second = hash_password(PASSWORD, CHEAP), hash_password(PASSWORD, CHEAP)
    assert first != second  # a fresh salt each time
    assert PASSWORD not in first
    assert verify_password(first, PASSWORD, CHEAP) and verify_password(second, PASSWORD, CHEAP)
    assert not verify_password(first, PASSWORD + " ", CHEAP)
    assert not verify_password(first, PASSWORD.upper(), CHEAP)
    assert not verify_password(first, "", CHEAP)


@pytest.mark.parametrize(
    "bad", ["", "not a hash", "$argon2id$v=19$m=8,t=1,p=1$xx$yy", "$2b$12$abc"]
)
def test_an_unreadable_hash_is_false_not_an_exception(bad: str) -> None:
    assert verify_password(bad, PASSWORD, CHEAP) is False
    assert needs_rehash(bad, CHEAP) is True


def test_needs_rehash_when_the_parameters_change() -> None:
    hashed = hash_password(PASSWORD, CHEAP)
    assert not needs_rehash(hashed, CHEAP)
    stronger = PasswordHasher(time_cost=2, memory_cost=16, parallelism=1)
    assert needs_rehash(hashed, stronger)
    assert verify_password(hashed, PASSWORD, stronger)  # the old hash still verifies


def test_dummy_hash_has_the_hashers_parameters_and_matches_nothing() -> None:
    for hasher in (CHEAP, DEFAULT_HASHER):
        dummy = dummy_hash(hasher)
        assert extract_parameters(dummy) == extract_parameters(hasher.hash(PASSWORD))
        assert not needs_rehash(dummy, hasher)
        assert not verify_password(dummy, PASSWORD, hasher)
    assert dummy_hash(CHEAP) != dummy_hash(CHEAP)


def test_dummy_hash_costs_as_much_as_a_real_one() -> None:
    hasher = PasswordHasher(time_cost=2, memory_cost=32 * 1024, parallelism=1)
    real, dummy = hasher.hash(PASSWORD), dummy_hash(hasher)

    def cost(hashed: str) -> float:
        times = []
        for _ in range(5):
            start = time.perf_counter()
            verify_password(hashed, "wrong password!", hasher)
            times.append(time.perf_counter() - start)
        return sorted(times)[2]

    ratio = cost(dummy) / cost(real)
    assert 1 / 3 < ratio < 3, ratio


def test_policy() -> None:
    name = "matti.meikalainen"
    assert check_password_policy("x" * MIN_LENGTH, name) is None
    assert check_password_policy("x" * MAX_LENGTH, name) is None
    too_short = check_password_policy("x" * (MIN_LENGTH - 1), name)
    assert too_short is not None and str(MIN_LENGTH) in too_short
    too_long = check_password_policy("x" * (MAX_LENGTH + 1), name)
    assert too_long is not None and str(MAX_LENGTH) in too_long
    same = check_password_policy(name.upper(), name)
    assert same is not None and "user name" in same
    assert len(name) >= MIN_LENGTH  # else the length rule, not the name rule, refused it
    assert check_password_policy(name + "!", name) is None
