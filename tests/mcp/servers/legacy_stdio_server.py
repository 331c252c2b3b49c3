#!/usr/bin/env python3
"""A stdio MCP server that speaks only 2025-11-25 and older (initialize handshake), for
tests/mcp/protocol_eras_test: it answers server/discover like the TypeScript SDK does (-32601), requires
initialize before anything else, and refuses requests that carry 2026-07-28 per-request _meta, so a client that
failed to fall back is caught.

Tools `ask` and `sample` send the client an elicitation/create or sampling/createMessage request and report the
answer. With EXIT_ON_UNKNOWN=1 the server exits on server/discover, as some legacy servers do on unknown methods
(it appends a line to the file EXIT_LOG, when set, each time it starts)."""
import json
import os
import sys
from stdio_peer import ask_client, send

if os.environ.get("EXIT_LOG"):
    with open(os.environ["EXIT_LOG"], "a") as log:
        log.write("started\n")

SUPPORTED = ["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"]
state = {"initialized": False}
# Nested models through $defs, an array of $ref items, a recursive type and a network $ref (never fetched).
ORDER_SCHEMA = {
    "type": "object",
    "$defs": {
        "Address": {"type": "object", "properties": {"street": {"type": "string"}, "city": {"type": "string"}},
                    "required": ["street", "city"]},
        "Item": {"type": "object", "properties": {"sku": {"type": "string"}, "qty": {"type": "integer"}},
                 "required": ["sku"]},
        "Node": {"type": "object", "properties": {"name": {"type": "string"},
                                                  "children": {"type": "array", "items": {"$ref": "#/$defs/Node"}}}},
    },
    "properties": {
        "ship_to": {"$ref": "#/$defs/Address"},
        "items": {"type": "array", "items": {"$ref": "#/$defs/Item"}},
        "tree": {"$ref": "#/$defs/Node"},
        "profile": {"$ref": "http://127.0.0.1:9/never-fetched.json"},
    },
    "required": ["ship_to", "items"],
}


ASK_SCHEMA = {"type": "object", "properties": {"name": {"type": "string", "default": "dflt"},
                                                "count": {"type": "integer", "default": 3},
                                                "note": {"type": "string"}}}


def handle(message):
    if not isinstance(message, dict) or "method" not in message:
        return
    method = message["method"]
    rid = message.get("id")
    params = message.get("params") or {}
    if rid is None:
        if method == "notifications/initialized":
            state["initialized"] = True
        return
    reply = lambda result: send({"jsonrpc": "2.0", "id": rid, "result": result})
    fail = lambda code, text: send({"jsonrpc": "2.0", "id": rid, "error": {"code": code, "message": text}})
    if method == "initialize":
        asked = params.get("protocolVersion")
        return reply({"protocolVersion": asked if asked in SUPPORTED else SUPPORTED[0],
                      "capabilities": {"tools": {}}, "serverInfo": {"name": "legacy-stdio-test", "version": "0.9"}})
    if method == "ping":
        return reply({})
    if method == "server/discover" and os.environ.get("EXIT_ON_UNKNOWN") == "1":
        sys.stderr.write("unknown method server/discover\n")
        sys.exit(3)
    if not state["initialized"]:
        return fail(-32601, "Method not found")  # server/discover lands here, as with the SDK
    if "io.modelcontextprotocol/protocolVersion" in (params.get("_meta") or {}):
        return fail(-32602, "2026-07-28 _meta sent to a 2025-11-25 session")
    if method == "tools/list":
        return reply({"tools": [{"name": "echo", "inputSchema": {"type": "object", "properties": {"text": {"type": "string"}}}},
                                {"name": "ask", "inputSchema": {"type": "object"}},
                                {"name": "sample", "inputSchema": {"type": "object"}},
                                {"name": "create_order", "description": "A $ref-heavy schema, as Pydantic writes them",
                                 "inputSchema": ORDER_SCHEMA}]})
    if method == "tools/call" and params.get("name") == "ask":
        answer = ask_client("elicitation/create", {"message": "Who?", "requestedSchema": ASK_SCHEMA})
        return reply({"content": [{"type": "text", "text": "elicited " + json.dumps(answer, sort_keys=True)}]})
    if method == "tools/call" and params.get("name") == "sample":
        answer = ask_client("sampling/createMessage", {"messages": [{"role": "user", "content": {"type": "text", "text": "hi"}}],
                                                        "maxTokens": 10})
        return reply({"content": [{"type": "text", "text": "sampled " + json.dumps(answer, sort_keys=True)}]})
    if method == "tools/call" and params.get("name") == "echo":
        return reply({"content": [{"type": "text", "text": "legacy echo: " + str((params.get("arguments") or {}).get("text"))}]})
    return fail(-32601, "Method not found")


for line in sys.stdin:
    if line.strip():
        try:
            handle(json.loads(line))
        except ValueError:
            pass
