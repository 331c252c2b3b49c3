#!/usr/bin/env python3
"""A stdio MCP server whose tools ask the client for sampling and elicitation, in the era ERA names:

  ERA=legacy  2025-11-25: initialize handshake; the tool sends a sampling/createMessage (or elicitation/create)
              server-to-client request and waits for the answer.
  ERA=modern  2026-07-28: server/discover; the tool answers `resultType: input_required` with an inputRequests
              entry and completes when the retry carries inputResponses.

Tools (named PREFIX + name): `summarize` asks for sampling (systemPrompt, one user message "SAMPLE-REQUEST: ...",
maxTokens 5000) and reports what it got back; `slow_summarize` the same with "SAMPLE-SLOW: ..." (a test makes the model
hang on it); `ask` asks for elicitation. Every result says whether the client
advertised the sampling capability (cap=yes|no), so tests can check it is only advertised when a provider answers.
ASK_ON_START=1 (legacy): the server also sends an elicitation/create ("Which language?") right after
notifications/initialized, outside any tool call, and does not wait for the answer.
Test data for tests/e2e/sampling_test.cc and tests/mcp/sampling_test.cc."""
import json
import os
import sys
from stdio_peer import ask_client, send

ERA = os.environ.get("ERA", "legacy")
PREFIX = os.environ.get("PREFIX", "")
state = {"caps": {}}

SAMPLING = {"systemPrompt": "You summarize weather reports in three words.",
            "messages": [{"role": "user", "content": {"type": "text", "text": "SAMPLE-REQUEST: rain on Monday, sun after"}}],
            "maxTokens": 5000}
SLOW = dict(SAMPLING, messages=[{"role": "user", "content": {"type": "text", "text": "SAMPLE-SLOW: a model that hangs"}}])
ELICIT = {"message": "Which city?", "requestedSchema": {
    "type": "object", "properties": {"city": {"type": "string", "default": "Lyon"}}}}


def cap():
    return "cap=yes" if "sampling" in state["caps"] else "cap=no"


def describe(answer):
    """The text a tool returns about the client's answer (a JSON-RPC response, or an inputResponses entry)."""
    if answer is None:
        return "server got no answer"
    if "error" in answer:
        return "server got error %s: %s" % (answer["error"].get("code"), answer["error"].get("message"))
    result = answer.get("result", answer)
    if "action" in result:
        return "server got elicitation %s" % json.dumps(result, sort_keys=True)
    content = result.get("content") or {}
    return "server got: %s | role=%s model=%s stop=%s" % (content.get("text"), result.get("role"),
                                                          result.get("model"), result.get("stopReason"))


def tools():
    return [{"name": PREFIX + "summarize", "description": "Summarizes with the client's model",
             "inputSchema": {"type": "object"}},
            {"name": PREFIX + "slow_summarize", "description": "Summarizes slowly", "inputSchema": {"type": "object"}},
            {"name": PREFIX + "ask", "description": "Asks the user a question", "inputSchema": {"type": "object"}}]


def call(rid, params):
    name = (params.get("name") or "")[len(PREFIX):]
    method, asked = {"summarize": ("sampling/createMessage", SAMPLING), "slow_summarize": ("sampling/createMessage", SLOW)
                     }.get(name, ("elicitation/create", ELICIT))
    if ERA == "legacy":
        text = describe(ask_client(method, asked))
    else:
        responses = params.get("inputResponses")
        if responses is None:
            return send({"jsonrpc": "2.0", "id": rid, "result": {
                "resultType": "input_required", "inputRequests": {"q": {"method": method, "params": asked}},
                "requestState": "round-2"}})
        text = describe(responses.get("q"))
    send({"jsonrpc": "2.0", "id": rid, "result": {"content": [{"type": "text", "text": text + " " + cap()}]}})


ON_START = {"message": "Which language?", "requestedSchema": {
    "type": "object", "properties": {"language": {"type": "string", "default": "French"}}}}


def handle(message):
    if not isinstance(message, dict) or "method" not in message:
        return
    if message["method"] == "notifications/initialized" and os.environ.get("ASK_ON_START"):
        # The answer comes back as a response, which the main loop ignores.
        return send({"jsonrpc": "2.0", "id": "on-start", "method": "elicitation/create", "params": ON_START})
    if message.get("id") is None:
        return
    rid, method, params = message["id"], message["method"], message.get("params") or {}
    meta = params.get("_meta") or {}
    if "io.modelcontextprotocol/clientCapabilities" in meta:
        state["caps"] = meta["io.modelcontextprotocol/clientCapabilities"]
    if method == "server/discover":
        if ERA != "modern":
            return send({"jsonrpc": "2.0", "id": rid, "error": {"code": -32601, "message": "Method not found"}})
        return send({"jsonrpc": "2.0", "id": rid, "result": {
            "supportedVersions": ["2026-07-28"], "capabilities": {"tools": {}},
            "serverInfo": {"name": "sampling-test", "version": "1.0"}}})
    if method == "initialize":
        state["caps"] = params.get("capabilities") or {}
        return send({"jsonrpc": "2.0", "id": rid, "result": {
            "protocolVersion": "2025-11-25", "capabilities": {"tools": {}},
            "serverInfo": {"name": "sampling-test", "version": "1.0"}}})
    if method == "tools/list":
        return send({"jsonrpc": "2.0", "id": rid, "result": {"tools": tools()}})
    if method == "tools/call":
        return call(rid, params)
    if method == "ping":
        return send({"jsonrpc": "2.0", "id": rid, "result": {}})
    send({"jsonrpc": "2.0", "id": rid, "error": {"code": -32601, "message": "Method not found"}})


for line in sys.stdin:
    if line.strip():
        try:
            handle(json.loads(line))
        except ValueError:
            pass
