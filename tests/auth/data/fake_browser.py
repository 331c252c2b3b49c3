#!/usr/bin/env python3
"""A stand-in for a person's browser ($BROWSER in the auth tests): opens the URL and follows its redirects, so the
authorization server's approval reaches agent-bench's loopback redirect. With --tamper-state it changes the
`state` of the redirect first, as a cross-site request forgery would."""
import sys, urllib.error, urllib.parse, urllib.request

tamper = "--tamper-state" in sys.argv[1:]
url = [a for a in sys.argv[1:] if not a.startswith("--")][0]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None


if not tamper:
    with urllib.request.urlopen(url, timeout=20) as response:
        response.read()
    sys.exit(0)
try:
    urllib.request.build_opener(NoRedirect).open(url, timeout=20)
    sys.exit("no redirect")
except urllib.error.HTTPError as e:
    location = e.headers["Location"]
parts = urllib.parse.urlsplit(location)
query = dict(urllib.parse.parse_qsl(parts.query))
query["state"] = "forged-state"
with urllib.request.urlopen(urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query))),
                            timeout=20) as response:
    response.read()
