import hashlib
import hmac
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hatewatch.errors import CredentialError
from hatewatch.privacy import KEY_ENV, Pseudonymiser, load_key, pseudonymise


def test_pseudonym_is_keyed_hmac_of_platform_and_id():
    expected = hmac.new(b"k", b"twitter:12345", hashlib.sha256).hexdigest()[:32]
    assert pseudonymise("12345", platform="twitter", key=b"k") == expected


def test_pseudonym_is_stable_and_separates_platforms_and_keys():
    a = pseudonymise("jan", platform="twitter", key=b"k1")
    assert a == pseudonymise("jan", platform="twitter", key=b"k1")
    assert a != pseudonymise("jan", platform="bluesky", key=b"k1")
    assert a != pseudonymise("jan", platform="twitter", key=b"k2")


def test_key_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv(KEY_ENV, "another-test-key")
    assert load_key() == b"another-test-key"
    assert pseudonymise("x", platform="file") == pseudonymise(
        "x", platform="file", key=b"another-test-key"
    )


@pytest.mark.parametrize("value", [None, ""])
def test_missing_key_names_the_variable(monkeypatch, value):
    if value is None:
        monkeypatch.delenv(KEY_ENV, raising=False)
    else:
        monkeypatch.setenv(KEY_ENV, value)
    with pytest.raises(CredentialError, match=KEY_ENV):
        pseudonymise("12345", platform="twitter")
    with pytest.raises(CredentialError, match=KEY_ENV):
        Pseudonymiser()


def test_credential_error_never_shows_the_key(monkeypatch):
    monkeypatch.delenv(KEY_ENV, raising=False)
    with pytest.raises(CredentialError) as info:
        load_key()
    assert "test-key-not-a-secret" not in str(info.value)


@given(raw=st.text(max_size=50), platform=st.sampled_from(["twitter", "bluesky"]))
def test_cached_pseudonymiser_matches_function(raw, platform):
    ps = Pseudonymiser(b"key", max_cache=4)
    first = ps(raw, platform)
    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert first == ps(raw, platform)  # served from the cache
    assert first == pseudonymise(raw, platform=platform, key=b"key")


@pytest.mark.parametrize("key", [b"", b"k", b"x" * 64, b"y" * 65, bytes(range(200))])
def test_fast_hmac_matches_the_standard_library_for_any_key_length(key):
    ps = Pseudonymiser(key)
    assert ps("12345", "twitter") == pseudonymise("12345", platform="twitter", key=key)


def test_post_uris_lose_their_author_but_keep_the_post():
    from hatewatch.privacy import pseudonymise, pseudonymise_uri

    def bsky(a):
        return pseudonymise(a, platform="bluesky")

    def masto(a):
        return pseudonymise(a, platform="mastodon")

    at = "at://did:plc:abc123/app.bsky.feed.post/3kxyz"
    out = pseudonymise_uri(at, bsky)
    assert "did:plc:abc123" not in out
    assert out == f"at://hw-{bsky('did:plc:abc123')}/app.bsky.feed.post/3kxyz"
    assert pseudonymise_uri(out, bsky) == out  # already pseudonymised: unchanged
    status = "https://mastodon.nl/users/jan/statuses/1"
    out = pseudonymise_uri(status, masto)
    assert out == f"https://mastodon.nl/users/hw-{masto('jan@mastodon.nl')}/statuses/1"
    assert pseudonymise_uri(out, masto) == out
    url = pseudonymise_uri("https://mastodon.nl/@jan/1", masto)
    assert url == f"https://mastodon.nl/@hw-{masto('jan@mastodon.nl')}/1"
    assert pseudonymise_uri("1349302838283046912", bsky) == "1349302838283046912"
    assert pseudonymise_uri(None, bsky) is None


@pytest.mark.parametrize(
    "weak",
    ["a", "   ", " " * 40, "a" * 40, "abababababababababab", "short-key", "\t\t\t"],
)
def test_weak_key_is_refused_with_the_rule_and_why(monkeypatch, weak):
    monkeypatch.setenv(KEY_ENV, weak)
    with pytest.raises(CredentialError) as info:
        load_key()
    message = str(info.value)
    assert KEY_ENV in message
    assert "at least 16 characters" in message and "8 different" in message
    assert "link pseudonyms back" in message  # says why
    if len(weak.strip()) > 3:
        assert weak not in message  # never the key itself


def test_strong_random_key_is_accepted(monkeypatch):
    import secrets

    key = secrets.token_hex(32)
    monkeypatch.setenv(KEY_ENV, key)
    assert load_key() == key.encode()
