"""Web addresses as the WHATWG URL Standard writes them: ``url``, an outlet's ``url`` and
``base_url`` must each be a *valid URL string* (https://url.spec.whatwg.org/#valid-url-string)
with the scheme http or https.

Browsers parse much more than that (a space or a quote is quietly percent-encoded), but an
address that is not valid is what the Nu HTML checker reports in an ``href``, and usually a
mistake of copying: so each rule broken is named, with where and what to write instead.
"""

from __future__ import annotations

import ipaddress
import re

SCHEMES = ("http", "https")
MAX_PORT = 65535

# The URL code points (https://url.spec.whatwg.org/#url-code-points) besides ASCII alphanumerics;
# with "%" for percent-encoded bytes, they are all an address may hold after its host.
_URL_PUNCTUATION = frozenset("!$&'()*+,-./:;=?@_~")
_PERCENT_ENCODED = re.compile(r"%[0-9A-Fa-f]{2}")
_ASCII_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")


class InvalidUrl(ValueError):
    """Why a value is not a web address, said so that an editor can put it right."""


def check_web_url(value: str) -> str:
    """``value`` if it is a valid absolute http(s) URL string; else raises InvalidUrl."""
    scheme, separator, rest = value.partition("://")
    if not separator or scheme.lower() not in SCHEMES or not scheme.isascii():
        raise InvalidUrl("must be a full http:// or https:// address")
    start = len(scheme) + 3
    # The authority (host and port) ends where the path, query or fragment begins.
    end = next((i for i, char in enumerate(rest) if char in "/?#\\"), len(rest))
    authority, after = rest[:end], rest[end:]
    if not authority.startswith("["):
        _check_url_units(value, start, start + end)
    path_and_query, hash_sign, _ = after.partition("#")
    _check_url_units(value, start + end, start + end + len(path_and_query))
    if hash_sign:  # the fragment, after its one '#'
        _check_url_units(value, start + end + len(path_and_query) + 1, len(value))
    if "@" in authority:
        raise InvalidUrl("is not a valid web address: it holds a user name or password (before '@'); "
                         "remove it, a published address never carries one")
    host, port = _split_port(authority)
    if port and (not port.isascii() or not port.isdigit() or int(port) > MAX_PORT):
        raise InvalidUrl(f"is not a valid web address: the port {port!r} must be a number from 0 to {MAX_PORT}")
    _check_host(host)
    return value


def _check_url_units(value: str, start: int, end: int) -> None:
    """Every character of ``value[start:end]`` is a URL code point or part of a percent-encoded byte."""
    for position in range(start, end):
        char = value[position]
        if char == "%":
            if not _PERCENT_ENCODED.match(value, position):
                raise InvalidUrl(f"is not a valid web address: the '%' at character {position + 1} must begin a "
                                 "percent-encoded byte such as %20; write a '%' itself as %25")
        elif not _url_code_point(char):
            raise InvalidUrl(_not_allowed(char, position))


def _url_code_point(char: str) -> bool:
    if char.isascii():
        return char.isalnum() or char in _URL_PUNCTUATION
    # U+00A0 to U+10FFFD, without surrogates and noncharacters.
    code = ord(char)
    return (code >= 0xA0 and not 0xD800 <= code <= 0xDFFF and not 0xFDD0 <= code <= 0xFDEF
            and (code & 0xFFFE) != 0xFFFE)


def _not_allowed(char: str, position: int) -> str:
    where = f"at character {position + 1}"
    if char == "\\":
        return f"is not a valid web address: the backslash {where} is not allowed; use '/' between the parts of a path"
    names = {" ": "a space", "#": "a second '#'"}
    encoded = "".join(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass"))
    return f"is not a valid web address: {names.get(char) or repr(char)} {where} must be written as {encoded}"


def _split_port(authority: str) -> tuple[str, str | None]:
    if authority.startswith("["):
        host, bracket, after = authority.partition("]")
        if not bracket:
            raise InvalidUrl("is not a valid web address: the '[' of an IPv6 address is not closed with ']'")
        host += "]"
        if not after:
            return host, None
        if not after.startswith(":"):
            raise InvalidUrl("is not a valid web address: only ':' and a port may follow an IPv6 address")
        return host, after[1:]
    host, colon, port = authority.partition(":")
    return host, port if colon else None


def _check_host(host: str) -> None:
    if not host:
        raise InvalidUrl("is not a valid web address: it has no host name after the //")
    if host.startswith("["):
        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            raise InvalidUrl(f"is not a valid web address: {host} is not an IPv6 address") from None
        return
    labels = host.split(".")
    if labels[-1] == "" and len(labels) > 1:
        labels.pop()  # a fully qualified name's final dot
    last = labels[-1]
    if last.isascii() and (last.isdigit() or last.lower().startswith("0x")):
        # A host ending in a number is read as an IPv4 address, and must be one.
        try:
            ipaddress.IPv4Address(host.rstrip("."))
        except ValueError:
            raise InvalidUrl(f"is not a valid web address: {host!r} ends in a number but is not an IPv4 address "
                             "such as 192.0.2.1") from None
        return
    if len(host.rstrip(".")) > 253:
        raise InvalidUrl("is not a valid web address: the host name is longer than 253 characters")
    for label in labels:
        if not _valid_label(label):
            raise InvalidUrl(f"is not a valid web address: {label!r} is not a valid part of a host name "
                             "(letters, digits and hyphens between dots, not beginning or ending with a hyphen)")


def _valid_label(label: str) -> bool:
    if label.isascii():
        return bool(_ASCII_LABEL.match(label.lower()))
    try:  # an internationalised name: its label must have an ASCII form (IDNA)
        ascii_label = label.encode("idna").decode("ascii")
    except UnicodeError:
        return False
    return bool(_ASCII_LABEL.match(ascii_label.lower()))


def page_key(url: str) -> str:
    """An address as the same page's, for telling two records of one page apart from two pages:
    scheme, "www.", the host's case and a final slash aside (``https://www.x.org/a/`` and
    ``http://x.org/a`` are one page). Used by the build (two articles with one url) and by
    ``briefing import`` (a source imported before), so that both say the same."""
    key = re.sub(r"^https?://(www\.)?", "", url.strip(), flags=re.IGNORECASE)
    host, slash, rest = key.partition("/")
    return host.lower() + slash + rest.rstrip("/")
