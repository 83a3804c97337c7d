"""Threat triage for support teams: cases, review workflow, audit trail.

Needs the ``triage`` extra (``pip install 'hatewatch[triage]'``). Importing
this package is light; SQLAlchemy, Alembic and argon2 are imported by the
modules that use them:

* :mod:`~hatewatch.triage.db` - database URL, engine, sessions, migrations
* :mod:`~hatewatch.triage.models` - the SQLAlchemy models
* :mod:`~hatewatch.triage.service` - :class:`TriageService`, the workflow
* :mod:`~hatewatch.triage.cases` - cases from the store's flagged messages
* :mod:`~hatewatch.triage.users` - accounts and teams
* :mod:`~hatewatch.triage.audit` - the hash-chained audit trail
* :mod:`~hatewatch.triage.reviews` - labels export, agreement, precision
* :mod:`~hatewatch.triage.alerts` - webhook and e-mail alerts

See ``docs/triage.md``.
"""

from __future__ import annotations

__all__: list[str] = []
