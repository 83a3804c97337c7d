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
