#!/usr/bin/env python3
"""A stand-in for a person's browser ($BROWSER in the auth tests): opens the URL and follows its redirects, so the
authorization server's approval reaches agent-bench's loopback redirect."""
import sys, urllib.request

with urllib.request.urlopen(sys.argv[1], timeout=20) as response:
    response.read()
