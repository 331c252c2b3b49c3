#!/usr/bin/env python3
"""A stdio MCP server that speaks only protocol revision 2026-07-28 (stateless), for tests/mcp/protocol_eras_test.

It checks every request the way the conformance suite's HTTP scenarios do (the suite has no stdio scenarios) and
answers a failed check with a JSON-RPC error naming it, so the client under test sees the failure:
  - _meta carries io.modelcontextprotocol/protocolVersion == 2026-07-28, clientCapabilities (object) and
    clientInfo {name, version}, and a valid W3C traceparent;
  - no initialize (a modern-only server rejects it, naming the versions it speaks);
  - with REJECT_FIRST=1, the first request gets -32022 and the client must retry under a new id;
  - tool `confirm` asks for roots/list input (multi-round-trip): the retry must carry inputResponses, echo
    requestState exactly, and use a new JSON-RPC id; tool `plain` has no resultType (means complete);
  - tool `progress` sends notifications/progress for the request's progressToken before its result;
  - tool `ask` asks for elicitation and sampling input (multi-round-trip) and reports the inputResponses it got;
  - tool `trace` answers with the traceparent of its request; with TRACE_LOG set, every request's traceparent is
    appended to that file.
"""
import json
import os
import re
import sys
import time
from stdio_peer import send

VERSION = "2026-07-28"
TRACEPARENT = re.compile(r"^00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$")
state = {"first": os.environ.get("REJECT_FIRST") == "1", "ids": set(), "pending": {}}


def error(rid, code, message, data=None):
    err = {"code": code, "message": message}
    if data is not None:
        err["data"] = data
    send({"jsonrpc": "2.0", "id": rid, "error": err})


def result(rid, value):
    send({"jsonrpc": "2.0", "id": rid, "result": value})


def check_meta(params):
    meta = params.get("_meta") if isinstance(params, dict) else None
    if not isinstance(meta, dict):
        return "request has no _meta"
    if meta.get("io.modelcontextprotocol/protocolVersion") != VERSION:
        return "_meta protocolVersion is %r" % meta.get("io.modelcontextprotocol/protocolVersion")
    if not isinstance(meta.get("io.modelcontextprotocol/clientCapabilities"), dict):
        return "_meta has no clientCapabilities object"
    info = meta.get("io.modelcontextprotocol/clientInfo")
    if not isinstance(info, dict) or not info.get("name") or not info.get("version"):
        return "_meta has no clientInfo {name, version}"
    if not TRACEPARENT.match(str(meta.get("traceparent", ""))):
        return "_meta traceparent %r is not a valid W3C traceparent" % meta.get("traceparent")
    return None


TOOLS = [
    {"name": "echo", "description": "Echoes text", "inputSchema": {"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"]}},
    {"name": "confirm", "description": "Needs the client's roots first", "inputSchema": {"type": "object", "properties": {}}},
    {"name": "plain", "description": "Answers without resultType", "inputSchema": {"type": "object", "properties": {}}},
    {"name": "progress", "description": "Reports progress", "inputSchema": {"type": "object", "properties": {"steps": {"type": "integer"}}}},
    {"name": "ask", "description": "Asks the user and the client's model", "inputSchema": {"type": "object", "properties": {}}},
    {"name": "trace", "description": "Returns the request's traceparent", "inputSchema": {"type": "object", "properties": {}}},
    {"name": "slow_task", "description": "Task-only", "inputSchema": {"type": "object", "properties": {}},
     "execution": {"taskSupport": "required"}},
]
ASK_SCHEMA = {"type": "object", "properties": {"name": {"type": "string", "default": "dflt"},
                                                "count": {"type": "integer", "default": 3},
                                                "note": {"type": "string"}}}


def call_tool(rid, params):
    name = params.get("name")
    args = params.get("arguments") or {}
    if name == "echo":
        return result(rid, {"resultType": "complete", "content": [{"type": "text", "text": "echo: " + str(args.get("text"))}]})
    if name == "plain":
        return result(rid, {"content": [{"type": "text", "text": "plain ok"}]})
    if name == "progress":
        token = (params.get("_meta") or {}).get("progressToken")
        steps = int(args.get("steps", 3))
        for i in range(1, steps + 1):
            if token is not None:
                send({"jsonrpc": "2.0", "method": "notifications/progress",
                      "params": {"progressToken": token, "progress": i, "total": steps, "message": "step %d" % i}})
            time.sleep(0.05)
        return result(rid, {"resultType": "complete", "content": [{"type": "text", "text": "progress done"}]})
    if name == "trace":
        return result(rid, {"resultType": "complete",
                            "content": [{"type": "text", "text": str((params.get("_meta") or {}).get("traceparent"))}]})
    if name == "ask":
        responses = params.get("inputResponses")
        if responses is None:
            return result(rid, {"resultType": "input_required",
                                "inputRequests": {
                                    "who": {"method": "elicitation/create",
                                            "params": {"message": "Who?", "requestedSchema": ASK_SCHEMA}},
                                    "model": {"method": "sampling/createMessage",
                                              "params": {"messages": [{"role": "user", "content": {"type": "text", "text": "hi"}}],
                                                         "maxTokens": 10}}},
                                "requestState": "ask"})
        return result(rid, {"resultType": "complete",
                            "content": [{"type": "text", "text": "answered " + json.dumps(responses, sort_keys=True)}]})
    if name == "confirm":
        responses = params.get("inputResponses")
        if responses is None:
            state["pending"]["confirm"] = rid
            return result(rid, {"resultType": "input_required",
                                "inputRequests": {"where": {"method": "roots/list", "params": {}}},
                                "requestState": "st=" + str(rid) + ";sig=x"})
        first = state["pending"].pop("confirm", None)
        if params.get("requestState") != "st=" + str(first) + ";sig=x":
            return error(rid, -32602, "requestState was not echoed exactly: %r" % params.get("requestState"))
        if rid == first:
            return error(rid, -32602, "the retry reused JSON-RPC id %r" % rid)
        roots = (responses.get("where") or {}).get("roots", [])
        uris = ",".join(r.get("uri", "") for r in roots if isinstance(r, dict))
        return result(rid, {"resultType": "complete", "content": [{"type": "text", "text": "confirmed roots=" + uris}]})
    return error(rid, -32602, "Unknown tool: %s" % name)


def handle(message):
    if not isinstance(message, dict) or "method" not in message:
        return
    rid = message.get("id")
    if rid is None:
        return  # notifications: nothing to do (cancellation is best effort here)
    method = message["method"]
    params = message.get("params") or {}
    if rid in state["ids"]:
        return error(rid, -32600, "JSON-RPC id %r reused" % rid)
    state["ids"].add(rid)
    if method == "initialize":
        return error(rid, -32601, "this server speaks only protocol " + VERSION + "; initialize is not supported")
    if os.environ.get("TRACE_LOG"):
        with open(os.environ["TRACE_LOG"], "a") as log:
            log.write(str((params.get("_meta") or {}).get("traceparent")) + "\n")
    problem = check_meta(params)
    if problem:
        return error(rid, -32602, "Invalid params: " + problem)
    if state["first"]:
        state["first"] = False
        return error(rid, -32022, "Unsupported protocol version", {"supported": [VERSION], "requested": VERSION})
    if method == "server/discover":
        return result(rid, {"resultType": "complete", "supportedVersions": [VERSION],
                            "capabilities": {"tools": {}},
                            "serverInfo": {"name": "modern-stdio-test", "version": "1.0.0"}})
    if method == "tools/list":
        return result(rid, {"resultType": "complete", "ttlMs": 0, "cacheScope": "private", "tools": TOOLS})
    if method == "tools/call":
        return call_tool(rid, params)
    return error(rid, -32601, "Method not found: " + method)


def main():
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            handle(json.loads(line))
        except ValueError:
            send({"jsonrpc": "2.0", "id": None, "error": {"code": -32700, "message": "Parse error"}})


if __name__ == "__main__":  # listen_server.py imports check_meta
    main()
