"""Pseudonymisation of private people's ids with a keyed HMAC.

Authors of messages are private people. hatewatch never stores, logs or
prints their raw ids or handles: importers and collectors replace them with
:func:`pseudonymise` at read time. The key comes from the environment variable
``HATEWATCH_PSEUDONYM_KEY``; the same key gives the same pseudonym for the same
person, so counts per author still work, while without the key the pseudonym
cannot be linked back to an account by hashing candidate ids.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from collections.abc import Callable

from hatewatch.errors import CredentialError

__all__ = [
    "KEY_ENV",
    "MIN_KEY_DISTINCT",
    "MIN_KEY_LENGTH",
    "PSEUDONYM_LENGTH",
    "check_key_strength",
    "load_key",
    "pseudonymise",
    "pseudonymise_uri",
    "Pseudonymiser",
]

#: Environment variable that holds the pseudonymisation key.
KEY_ENV = "HATEWATCH_PSEUDONYM_KEY"

#: Hex characters kept of the HMAC-SHA256 digest (128 bits).
PSEUDONYM_LENGTH = 32

#: Fewest characters, and fewest different characters, a key may have. The
#: pseudonyms of public accounts can be computed by anyone who guesses the
#: key, so a short or repetitive key would undo the pseudonymisation.
MIN_KEY_LENGTH = 16
MIN_KEY_DISTINCT = 8

_KEY_HINT = "`python -c 'import secrets; print(secrets.token_hex(32))'`"


def load_key() -> bytes:
    """Return the pseudonymisation key from ``HATEWATCH_PSEUDONYM_KEY``.

    The key must have at least :data:`MIN_KEY_LENGTH` characters, at least
    :data:`MIN_KEY_DISTINCT` of them different, and not only blanks: with the
    store in hand, anyone can compute the pseudonyms of known accounts under
    guessed keys, so a short or repetitive key (``a``, spaces, ``aaaa...``) is
    found quickly and links every pseudonym back to its account.

    Returns
    -------
    bytes
        The key, UTF-8 encoded.

    Raises
    ------
    CredentialError
        If the variable is unset, empty or too weak. The message names the
        variable and the rule, never the value.

    Examples
    --------
    >>> import os
    >>> os.environ["HATEWATCH_PSEUDONYM_KEY"] = "an-example-key-for-docs"
    >>> load_key()
    b'an-example-key-for-docs'
    """
    value = os.environ.get(KEY_ENV, "")
    if not value:
        raise CredentialError(
            f"{KEY_ENV} is not set. Authors are pseudonymised with a keyed HMAC; "
            f"set {KEY_ENV} to a long random secret (for example the output of "
            f"{_KEY_HINT}) and keep it: the same key is needed to match authors "
            "across imports."
        )
    check_key_strength(value)
    return value.encode("utf-8")


def check_key_strength(value: str) -> None:
    """Raise :class:`CredentialError` if ``value`` is too weak to be a key.

    The message says the rule and why, and gives the length of the key,
    never the key itself.
    """
    stripped = value.strip()
    distinct = len(set(stripped))
    if len(stripped) >= MIN_KEY_LENGTH and distinct >= MIN_KEY_DISTINCT:
        return
    raise CredentialError(
        f"{KEY_ENV} is too weak ({len(stripped)} characters besides blanks, "
        f"{distinct} different): use at least {MIN_KEY_LENGTH} characters with "
        f"at least {MIN_KEY_DISTINCT} different ones, for example the output of "
        f"{_KEY_HINT}. Why: pseudonyms of known accounts can be recomputed "
        "under guessed keys, so a short or repetitive key would let anyone with "
        "the store link pseudonyms back to the people behind them. Keep the "
        "same key for a whole study: a new key gives new pseudonyms."
    )


def pseudonymise(raw_id: str, *, platform: str, key: bytes | None = None) -> str:
    """Return the keyed pseudonym of a platform user id or handle.

    Parameters
    ----------
    raw_id : str
        The platform's user id (or handle, where no id is known).
    platform : str
        Platform name (``twitter``, ``bluesky``, ...); the same raw id on two
        platforms gives two pseudonyms.
    key : bytes, optional
        HMAC key. Read with :func:`load_key` when omitted.

    Returns
    -------
    str
        32 lower-case hex characters of HMAC-SHA256 over ``"platform:raw_id"``.

    Examples
    --------
    >>> p = pseudonymise("12345", platform="twitter", key=b"k")
    >>> len(p), p == pseudonymise("12345", platform="twitter", key=b"k")
    (32, True)
    """
    if key is None:
        key = load_key()
    msg = f"{platform}:{raw_id}".encode()
    return hmac.new(key, msg, hashlib.sha256).hexdigest()[:PSEUDONYM_LENGTH]


class Pseudonymiser:
    """A callable :func:`pseudonymise` with the key read once and a cache.

    Importers call this once per message; authors repeat, so caching the
    digests of recent ids saves most of the HMAC work. The cache lives only in
    memory and is bounded.

    Parameters
    ----------
    key : bytes, optional
        HMAC key; read with :func:`load_key` when omitted.
    max_cache : int
        Entries kept before the cache is cleared.
    """

    def __init__(self, key: bytes | None = None, *, max_cache: int = 500_000) -> None:
        self._key = load_key() if key is None else key
        self._max_cache = max_cache
        self._cache: dict[tuple[str, str], str] = {}
        self._many_cache: dict[str, str] = {}
        # HMAC (RFC 2104) from two SHA-256 states that have absorbed the padded
        # key; copying them per id is several times faster than hmac.new()
        block = 64
        key = self._key
        if len(key) > block:
            key = hashlib.sha256(key).digest()
        key = key.ljust(block, b"\0")
        self._inner = hashlib.sha256(bytes(b ^ 0x36 for b in key))
        self._outer = hashlib.sha256(bytes(b ^ 0x5C for b in key))

    def __call__(self, raw_id: str, platform: str) -> str:
        cache_key = (platform, raw_id)
        found = self._cache.get(cache_key)
        if found is not None:
            return found
        inner = self._inner.copy()
        inner.update(f"{platform}:{raw_id}".encode())
        outer = self._outer.copy()
        outer.update(inner.digest())
        value = outer.hexdigest()[:PSEUDONYM_LENGTH]
        if len(self._cache) >= self._max_cache:
            self._cache.clear()
        self._cache[cache_key] = value
        return value

    def many(self, messages: list[str]) -> list[str]:
        """Pseudonyms of ``"platform:raw_id"`` strings (the HMAC messages).

        The fast path for importers: one call per batch, no per-id overhead.
        """
        cache = self._many_cache
        if len(cache) + len(messages) > self._max_cache:
            cache.clear()
        inner_base, outer_base = self._inner, self._outer
        out: list[str] = []
        append = out.append
        for msg in messages:
            value = cache.get(msg)
            if value is None:
                inner = inner_base.copy()
                inner.update(msg.encode())
                outer = outer_base.copy()
                outer.update(inner.digest())
                value = cache[msg] = outer.hexdigest()[:PSEUDONYM_LENGTH]
            append(value)
        return out


# Post URIs that name their author: Bluesky at-URIs carry the author's DID,
# Mastodon status URIs and URLs the account name. Group 2 is the author.
_AT_URI = re.compile(r"^(at://)(did:[^/]+)(/.*)?$")
_MASTODON_URI = re.compile(r"^(https?://([^/]+)/users/)([^/]+)(/statuses/.*)$")
_MASTODON_URL = re.compile(r"^(https?://([^/]+)/@)([^/@]+)(/.*)$")
_PREFIX = "hw-"


def pseudonymise_uri(
    uri: str | None, pseudonymise_author: Callable[[str], str]
) -> str | None:
    """Replace the author named inside a post URI with the author's pseudonym.

    Message ids, thread roots and reply targets of Bluesky and Mastodon are
    URIs that contain the author's DID or account name: stored as they are,
    they would keep a private person's id in the store. The author part is
    replaced with ``hw-`` and its pseudonym, the rest (host, post key) kept,
    so the same post always gets the same id and imports and collections of
    it still deduplicate. Other ids (X's numeric ids) are returned unchanged,
    and so is a URI that was already pseudonymised.

    Parameters
    ----------
    uri : str or None
        The post URI.
    pseudonymise_author : callable
        Maps the author's raw id to its pseudonym: the DID for Bluesky,
        ``name@host`` for Mastodon (the forms the collectors use for
        ``author_id``, so the two pseudonyms agree).

    Returns
    -------
    str or None

    Examples
    --------
    >>> pseudonymise_uri("at://did:plc:abc/app.bsky.feed.post/3k", lambda a: "P")
    'at://hw-P/app.bsky.feed.post/3k'
    >>> pseudonymise_uri("https://x.nl/users/jan/statuses/1", lambda a: a.upper())
    'https://x.nl/users/hw-JAN@X.NL/statuses/1'
    >>> pseudonymise_uri("1349302838283046912", lambda a: "P")
    '1349302838283046912'
    """
    if not uri:
        return uri
    m = _AT_URI.match(uri)
    if m:
        return f"{m[1]}{_PREFIX}{pseudonymise_author(m[2])}{m[3] or ''}"
    for pattern in (_MASTODON_URI, _MASTODON_URL):
        m = pattern.match(uri)
        if m and not m[3].startswith(_PREFIX):
            author = pseudonymise_author(f"{m[3]}@{m[2]}")
            return f"{m[1]}{_PREFIX}{author}{m[4]}"
    return uri
