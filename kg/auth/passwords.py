"""Passwords: Argon2id hashes and the minimum policy.

Argon2id (argon2-cffi's :class:`~argon2.PasswordHasher`, its defaults: RFC 9106's low-memory
profile) is slow and memory-hard on purpose, so that a stolen account file does not give
the passwords away cheaply. Every function takes an optional ``hasher``: the service uses
the defaults, tests pass one with a low cost to stay fast. A hash records its own
parameters, so a hash made with other parameters still verifies, and :func:`needs_rehash`
tells when it should be replaced by one with the current parameters.
"""

from __future__ import annotations

import base64
import secrets

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 12
# a bound on the work one sign-in can ask for (Argon2 hashes any length, but not for free)
MAX_LENGTH = 1024

DEFAULT_HASHER = PasswordHasher()


def hash_password(password: str, hasher: PasswordHasher | None = None) -> str:
    """The Argon2id hash of ``password`` (with a fresh random salt), in PHC string form."""
    return (hasher or DEFAULT_HASHER).hash(password)


def verify_password(hashed: str, password: str, hasher: PasswordHasher | None = None) -> bool:
    """Whether ``password`` is the one ``hashed`` was made from. False, never an exception,
    for a wrong password or a hash that cannot be read."""
    try:
        return (hasher or DEFAULT_HASHER).verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(hashed: str, hasher: PasswordHasher | None = None) -> bool:
    """Whether ``hashed`` was made with other parameters than ``hasher``'s (or cannot be
    read), so that it should be replaced after the next successful sign-in."""
    try:
        return (hasher or DEFAULT_HASHER).check_needs_rehash(hashed)
    except (InvalidHashError, ValueError):
        return True


def check_password_policy(password: str, name: str) -> str | None:
    """Why ``password`` is refused for the user ``name``, or None if it is accepted.

    The policy is short (NIST SP 800-63B): length rather than composition rules, and not the
    user's own name."""
    if len(password) < MIN_LENGTH:
        return f"the password must be at least {MIN_LENGTH} characters long"
    if len(password) > MAX_LENGTH:
        return f"the password must be at most {MAX_LENGTH} characters long"
    if password.strip().casefold() == name.strip().casefold():
        return "the password must not be the user name"
    return None


def dummy_hash(hasher: PasswordHasher | None = None) -> str:
    """A well-formed hash with ``hasher``'s parameters that no password matches: a random
    salt and a random digest, not the hash of anything.

    Verifying a password against it costs one Argon2 computation, as much as against a real
    user's hash, so that a sign-in with an unknown name takes as long as one with a wrong
    password and the time does not tell which names exist. Made without hashing, so it
    costs nothing to make."""
    h = hasher or DEFAULT_HASHER
    kind = {Type.ID: "argon2id", Type.I: "argon2i", Type.D: "argon2d"}[h.type]
    salt, digest = (
        base64.b64encode(secrets.token_bytes(n)).decode("ascii").rstrip("=")
        for n in (h.salt_len, h.hash_len)
    )
    params = f"m={h.memory_cost},t={h.time_cost},p={h.parallelism}"
    return f"${kind}$v=19${params}${salt}${digest}"
