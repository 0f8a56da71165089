"""Coordinators' accounts: who may change which part of the data, and how they prove it.

- ``scopes``     the part of the country an account may act on (``country``, ``county:13``,
                 ``municipality:297``), whether one scope covers another, and the roles
- ``passwords``  Argon2id hashing of passwords and the minimum password policy
- ``accounts``   users, their set-password links and sign-in sessions, and bearer tokens
                 for scripts, kept in one SQLite file that holds only hashes of secrets
- ``places``     the codes a scope may name, read from a built store

Nothing here serves HTTP; the service's routes call :class:`accounts.Accounts`.
"""
