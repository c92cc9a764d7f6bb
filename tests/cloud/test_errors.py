"""Every exception openstacksdk and keystoneauth1 can raise becomes one line a user can read, free of secrets."""

from __future__ import annotations

import inspect

import pytest
import requests
from hypothesis import given
from hypothesis import strategies as st
from keystoneauth1 import exceptions as ksa
from openstack import exceptions as sdk

from volimage_tui.cloud.errors import translate
from volimage_tui.errors import AuthError, CloudError, QuotaError, ServerError, VolimageError
from volimage_tui.redact import register_secret, scrub


def exception_classes(module: object) -> list[type[BaseException]]:
    return sorted(
        {
            value
            for _, value in inspect.getmembers(module, inspect.isclass)
            if issubclass(value, Exception) and value.__module__.startswith(("openstack", "keystoneauth1"))
        },
        key=lambda cls: f"{cls.__module__}.{cls.__qualname__}",
    )


def instance(cls: type[BaseException]) -> BaseException:
    """An instance as the library raises it; some need arguments beyond a message."""
    if issubclass(cls, ksa.MissingRequiredOptions):
        return cls([])
    if issubclass(cls, ksa.MissingAuthMethods):
        response = requests.Response()
        response._content = (
            b'{"receipt": {"methods": ["password"], "expires_at": "2026-01-01T00:00:00Z"}, '
            b'"required_auth_methods": [["password", "totp"]]}'
        )
        return cls(response)
    if issubclass(cls, ksa.ImpliedVersionMismatch):
        return cls("volumev3", (3, 0), "2")
    if issubclass(cls, ksa.UnknownConnectionError):
        return cls("Unexpected exception", OSError("reset"))
    if issubclass(cls, sdk.MethodNotSupported):
        from openstack.image.v2.image import Image

        return cls(Image, "commit")
    for arguments in (("Something failed",), ()):
        try:
            return cls(*arguments)
        except TypeError:
            continue
    raise AssertionError(f"cannot build {cls}")


CLASSES = exception_classes(sdk) + exception_classes(ksa)


def test_the_lists_are_not_empty() -> None:
    assert len(exception_classes(sdk)) > 15
    assert len(exception_classes(ksa)) > 40


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: f"{cls.__module__.split('.')[0]}.{cls.__name__}")
def test_every_library_exception_becomes_one_line(cls: type[BaseException]) -> None:
    error = translate(instance(cls), "Listing volumes")
    assert isinstance(error, VolimageError)
    assert str(error).startswith("Listing volumes failed")
    assert "\n" not in str(error)
    assert error.exit_code in (2, 3)


def test_http_errors_keep_the_service_message_and_status() -> None:
    error = translate(sdk.HttpException("x", details="Quota exceeded for cores", http_status=403), "Launching web")
    assert isinstance(error, QuotaError)
    assert str(error) == "Launching web failed: Quota exceeded for cores (HTTP 403)."
    unavailable = translate(sdk.HttpException("x", details="<h1>Busy</h1>", http_status=503), "Listing images")
    assert isinstance(unavailable, ServerError)
    assert str(unavailable) == "Listing images failed: Busy (HTTP 503)."


def test_a_401_says_the_credentials_were_refused_without_repeating_them() -> None:
    register_secret("s3cret-Password")
    error = translate(
        ksa.Unauthorized("The request you have made requires authentication s3cret-Password"), "Connecting"
    )
    assert isinstance(error, AuthError)
    assert "s3cret-Password" not in str(error)
    assert "credentials" in str(error)


def test_foreign_exceptions_are_not_swallowed() -> None:
    assert translate(ValueError("bug"), "Listing") is None


@given(st.text(min_size=1, max_size=30).filter(lambda text: text.strip() == text and "*" not in text))
def test_a_registered_secret_never_survives_in_a_message(tail: str) -> None:
    # Registered secrets live for the process: a prefix keeps them from matching other tests' text ("0000")
    secret = f"CANARY-{tail}"
    register_secret(secret)
    message = CloudError(f"Connecting failed: bad password {secret} for {secret}!").message
    assert secret not in message
    assert secret not in scrub(f"token={secret}")


def test_tokens_are_scrubbed_even_unregistered() -> None:
    text = scrub("X-Auth-Token: gAAAAABmZ1234567890abcdefghijKLMNOP and X-Subject-Token=abc123def")
    assert "gAAAAAB" not in text and "abc123def" not in text
