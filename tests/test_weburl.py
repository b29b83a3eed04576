"""Web addresses in url, an outlet's url and base_url: valid URL strings of the URL Standard
(https://url.spec.whatwg.org/#valid-url-string), http or https, each mistake named."""

from __future__ import annotations

import urllib.parse

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.weburl import InvalidUrl, check_web_url

VALID = [
    "http://example.org",
    "https://example.org/",
    "HTTPS://Example.ORG:8443/a/b.html?x=1&y=%22two%22;z=(3)*!$,~@:'#top",
    "https://example.org/#",
    "https://example.org:/",  # an empty port is allowed
    "https://example.org./fully-qualified",
    "https://www.dawn.com/news/1950000/pakistan-afghanistan-talks-in-istanbul",
    "https://пример.рф/путь?q=кабул",  # internationalised host, path and query
    "https://xn--e1afmkfd.xn--p1ai/",
    "https://192.0.2.1/",
    "http://[2001:db8::1]:8080/",
    "https://example.org/\u00a0",  # U+00A0 and above are URL code points
]

INVALID = [
    ("javascript:alert(1)", "must be a full http:// or https:// address"),
    ("ftp://example.org/", "must be a full http:// or https:// address"),
    ("https:example.org", "must be a full http:// or https:// address"),
    ("//example.org/", "must be a full http:// or https:// address"),
    ('https://example.org/a?x="><script>alert(1)</script>',
     "is not a valid web address: '\"' at character 25 must be written as %22"),
    ("https://example.org/my page", "is not a valid web address: a space at character 23 must be written as %20"),
    ("https://example.org/<b>", "is not a valid web address: '<' at character 21 must be written as %3C"),
    ("https://example.org/a>", "is not a valid web address: '>' at character 22 must be written as %3E"),
    ("https://example.org/{x}", "is not a valid web address: '{' at character 21 must be written as %7B"),
    ("https://example.org/a|b", "is not a valid web address: '|' at character 22 must be written as %7C"),
    ("https://example.org/a^b", "is not a valid web address: '^' at character 22 must be written as %5E"),
    ("https://example.org/`", "is not a valid web address: '`' at character 21 must be written as %60"),
    ("https://example.org/#a#b", "is not a valid web address: a second '#' at character 23 must be written as %23"),
    ("https://example.org/\ufdd0",
     r"is not a valid web address: '\ufdd0' at character 21 must be written as %EF%B7%90"),
    ("https://exa mple.org/", "is not a valid web address: a space at character 12 must be written as %20"),
    ("https://example.org\\path", "is not a valid web address: the backslash at character 20 is not allowed; "
                                  "use '/' between the parts of a path"),
    ("https://example.org/100%", "is not a valid web address: the '%' at character 24 must begin a percent-encoded "
                                 "byte such as %20; write a '%' itself as %25"),
    ("https://example.org/%zz", "is not a valid web address: the '%' at character 21 must begin a percent-encoded "
                                "byte such as %20; write a '%' itself as %25"),
    ("https://", "is not a valid web address: it has no host name after the //"),
    ("https:///path", "is not a valid web address: it has no host name after the //"),
    ("https://user:secret@example.org/", "is not a valid web address: it holds a user name or password (before "
                                         "'@'); remove it, a published address never carries one"),
    ("https://example.org:99999/", "is not a valid web address: the port '99999' must be a number from 0 to 65535"),
    ("https://example.org:80a/", "is not a valid web address: the port '80a' must be a number from 0 to 65535"),
    ("https://exa_mple.org/", "is not a valid web address: 'exa_mple' is not a valid part of a host name "
                              "(letters, digits and hyphens between dots, not beginning or ending with a hyphen)"),
    ("https://-example.org/", "is not a valid web address: '-example' is not a valid part of a host name "
                              "(letters, digits and hyphens between dots, not beginning or ending with a hyphen)"),
    ("https://example..org/", "is not a valid web address: '' is not a valid part of a host name "
                              "(letters, digits and hyphens between dots, not beginning or ending with a hyphen)"),
    ("https://192.0.2.300/", "is not a valid web address: '192.0.2.300' ends in a number but is not an IPv4 "
                             "address such as 192.0.2.1"),
    ("https://[2001:db8::zz]/", "is not a valid web address: [2001:db8::zz] is not an IPv6 address"),
    ("https://[2001:db8::1/", "is not a valid web address: the '[' of an IPv6 address is not closed with ']'"),
]


@pytest.mark.parametrize("url", VALID)
def test_valid_web_addresses_are_kept_as_written(url):
    assert check_web_url(url) == url


@pytest.mark.parametrize("url, message", INVALID)
def test_each_mistake_is_named_with_what_to_write(url, message):
    with pytest.raises(InvalidUrl) as refused:
        check_web_url(url)
    assert str(refused.value) == message


@given(st.text(max_size=40))
def test_any_text_percent_encoded_makes_a_valid_address(text):
    url = "https://example.org/" + urllib.parse.quote(text, safe="")
    assert check_web_url(url) == url


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_no_accepted_address_holds_what_breaks_an_attribute_or_a_url(text):
    url = "https://example.org/" + text
    try:
        check_web_url(url)
    except InvalidUrl:
        return
    assert not set(url) & set(" \"<>`{}|\\^\t\n\r")
