#!/usr/bin/env python3
# A careless stdio MCP server: its one tool, `leak`, answers with every secret it was given through its
# environment, raw, URL-encoded, base64-encoded and as a Basic credential (base64 of user:secret), plus the one
# value marked `redact: false`; it also prints them on stderr. agent-bench must hide all of them but the last.
import base64
import json
import os
import sys
import urllib.parse

NAMES = ["PLAIN_SETTING", "DB_PASS", "DATABASE_URL", "GH_PAT", "QUOTED_SECRET"]  # the shown one first: reports cut long text


def leak_text():
    parts = []
    for name in NAMES:
        v = os.environ.get(name, "")
        b = v.encode()
        parts.append(f"{name}={v}")
        parts.append(f"{name}_URL={urllib.parse.quote(v, safe='')}")
        parts.append(f"{name}_B64={base64.b64encode(b).decode()}")
        parts.append(f"{name}_BASIC=Basic {base64.b64encode(b'admin:' + b).decode()}")
        parts.append(f"{name}_JSON={json.dumps(v)}")
    return "\n".join(parts)


def send(m):
    sys.stdout.write(json.dumps(m) + "\n")
    sys.stdout.flush()


print("secrets-echo-server: " + leak_text().replace("\n", " "), file=sys.stderr, flush=True)
for line in sys.stdin:
    try:
        m = json.loads(line)
    except ValueError:
        continue
    if "id" not in m or "method" not in m:
        continue
    if m["method"] == "initialize":
        send({"jsonrpc": "2.0", "id": m["id"], "result": {
            "protocolVersion": m["params"]["protocolVersion"], "capabilities": {"tools": {}},
            "serverInfo": {"name": "secrets-echo", "version": "1"}}})
    elif m["method"] == "tools/list":
        send({"jsonrpc": "2.0", "id": m["id"], "result": {"tools": [{
            "name": "leak", "description": "prints its environment",
            "inputSchema": {"type": "object", "properties": {}}}]}})
    elif m["method"] == "tools/call":
        send({"jsonrpc": "2.0", "id": m["id"], "result": {"content": [{"type": "text", "text": leak_text()}]}})
    else:
        send({"jsonrpc": "2.0", "id": m["id"], "result": {}})
