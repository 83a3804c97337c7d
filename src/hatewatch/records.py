"""The one message record every collector and importer produces."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

#: How a message relates to a politician it is aimed at.
RELATIONS: tuple[str, ...] = ("mention", "reply", "quote")

PLATFORMS: tuple[str, ...] = ("twitter", "bluesky", "mastodon", "file")


@dataclass(slots=True)
class Recipient:
    """A politician a message is aimed at.

    ``handle`` is the platform handle as seen (lower case, no leading ``@``);
    ``politician_id`` is filled when the handle is resolved against a roster.
    """

    relation: str
    handle: str | None = None
    politician_id: str | None = None


@dataclass(slots=True)
class Message:
    """A message aimed at one or more politicians, with its provenance.

    ``author_id`` is always pseudonymised (keyed HMAC, see
    ``hatewatch.privacy``) before a record is built; raw author ids never
    reach a record. ``created_at`` and ``retrieved_at`` are timezone-aware
    UTC datetimes.
    """

    platform: str
    message_id: str
    created_at: datetime
    author_id: str
    text: str | None
    recipients: list[Recipient] = field(default_factory=list)
    conversation_id: str | None = None
    lang: str | None = None
    in_reply_to: str | None = None
    collector: str = ""
    collector_version: str = ""
    query: str = ""
    retrieved_at: datetime | None = None
