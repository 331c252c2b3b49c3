#!/usr/bin/env python3
"""A protocol 2026-07-28 (stateless) MCP server whose tool list changes at run time and which announces it only on
`subscriptions/listen` subscriptions, over stdio (default) or Streamable HTTP (--http PORTFILE: listens on an
ephemeral 127.0.0.1 port and writes it to PORTFILE). For tests/mcp/protocol_eras_test and tests/e2e/listen_test.

It checks the client the way the conformance suite's server-stateless scenario checks servers, from the other side:
  - server/discover offers tools.listChanged; every request carries the 2026-07-28 _meta (check_meta of
    modern_stdio_server.py); over HTTP, MCP-Protocol-Version and Mcp-Method must match the body;
  - subscriptions/listen must ask for exactly {toolsListChanged: true}; a failed check is a JSON-RPC error naming it.
    The first message on a subscription is notifications/subscriptions/acknowledged (the agreed subset), and every
    notification on it carries _meta["io.modelcontextprotocol/subscriptionId"] = the listen request's id;
  - tool `test_trigger_tool_change` (the scenario's name) adds tool `bonus` and sends notifications/tools/list_changed
    on every open subscription, waiting up to 5 s for one to be open (unless --refuse), before it answers (over HTTP it waits 0.3 s
    more, as the answer and the notification travel on different connections);
  - the client ends a subscription with notifications/cancelled (stdio) or by closing its stream (HTTP).
Options: --log FILE appends one line per event (listen ID, cancelled ID, closed ID, problem: ...); --refuse answers
subscriptions/listen with -32601; --drop-first ends the first subscription right after acknowledging it (stdio:
notifications/cancelled naming it; HTTP: the stream closes); --foreign also sends a list_changed naming a
subscription the client never opened; --flood N sends N list_changed right after each acknowledgement;
--huge-ack N pads each acknowledgement with N bytes.
"""
import argparse
import json
import os
import queue
import select
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from modern_stdio_server import VERSION, check_meta  # noqa: E402

SUB_KEY = "io.modelcontextprotocol/subscriptionId"
ARGS = None
lock = threading.Condition()
subs = {}  # listen request id -> queue of notifications (HTTP) or None (stdio)
listens = [0]  # subscriptions opened so far
tools = [
    {"name": "echo", "description": "Echoes text",
     "inputSchema": {"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"]}},
    {"name": "test_trigger_tool_change", "description": "Adds the tool bonus", "inputSchema": {"type": "object"}},
]
BONUS = {"name": "bonus", "description": "appears after test_trigger_tool_change",
         "inputSchema": {"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]}}
out_lock = threading.Lock()


def log(line):
    if ARGS.log:
        with open(ARGS.log, "a") as f:
            f.write(line + "\n")


def peer_closed(sock):
    """True once the client has closed its end of |sock|: it sends nothing on a listen stream after its request, so
    a readable socket means end of stream (or a reset). A write alone may not find out: a client that closed with
    a zero receive window leaves our writes queued, without an error, until TCP gives up on it."""
    readable, _, _ = select.select([sock], [], [], 0)
    if not readable:
        return False
    try:
        return sock.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True


def write_stdio(message):
    with out_lock:
        sys.stdout.write(json.dumps(message) + "\n")
        sys.stdout.flush()


def error(rid, code, message):
    return {"jsonrpc": "2.0", "id": rid, "error": {"code": code, "message": message}}


def result(rid, value):
    return {"jsonrpc": "2.0", "id": rid, "result": value}


def notification(method, sub_id, extra=None):
    params = {"_meta": {SUB_KEY: sub_id}}
    params.update(extra or {})
    if ARGS.huge_ack and method == "notifications/subscriptions/acknowledged":
        params["padding"] = "x" * ARGS.huge_ack
    return {"jsonrpc": "2.0", "method": method, "params": params}


def emit(sub_id, message):
    """Sends |message| on subscription |sub_id|: stdio writes it, HTTP queues it for the stream."""
    if ARGS.http:
        with lock:
            q = subs.get(sub_id)
        if q is not None:
            q.put(message)
    else:
        write_stdio(message)


def check_listen(params):
    problem = check_meta(params)
    if problem:
        return problem
    wanted = params.get("notifications")
    if wanted != {"toolsListChanged": True}:
        return "subscriptions/listen asked for %r, expected exactly {toolsListChanged: true}" % (wanted,)
    return None


def trigger():
    if not any(t["name"] == "bonus" for t in tools):
        tools.append(BONUS)
    with lock:
        if not (ARGS.refuse or ARGS.flood or ARGS.huge_ack):
            lock.wait_for(lambda: subs, timeout=5)
        open_ids = list(subs)
    if ARGS.foreign:
        foreign = notification("notifications/tools/list_changed", 987654)
        if ARGS.http:
            for sid in open_ids:
                emit(sid, foreign)
        else:
            write_stdio(foreign)
    for sid in open_ids:
        emit(sid, notification("notifications/tools/list_changed", sid))
    log("notified %s" % ",".join(str(s) for s in open_ids))
    if ARGS.http:
        time.sleep(0.3)


def handle(message):
    """Answers one request (not subscriptions/listen); returns the answer object."""
    rid = message.get("id")
    method = message.get("method")
    params = message.get("params") or {}
    problem = check_meta(params)
    if problem:
        log("problem: " + problem)
        return error(rid, -32602, "Invalid params: " + problem)
    if method == "server/discover":
        return result(rid, {"resultType": "complete", "supportedVersions": [VERSION],
                            "capabilities": {"tools": {"listChanged": True}},
                            "serverInfo": {"name": "listen-test", "version": "1.0.0"}})
    if method == "tools/list":
        return result(rid, {"resultType": "complete", "tools": list(tools)})
    if method == "tools/call":
        name = params.get("name")
        args = params.get("arguments") or {}
        if name == "test_trigger_tool_change":
            trigger()
            return result(rid, {"resultType": "complete", "content": [{"type": "text", "text": "tool added"}]})
        if name == "echo":
            return result(rid, {"resultType": "complete", "content": [{"type": "text", "text": "echo: %s" % args.get("text")}]})
        if name == "bonus" and any(t["name"] == "bonus" for t in tools):
            return result(rid, {"resultType": "complete",
                                "content": [{"type": "text", "text": "bonus called with " + json.dumps(args)}]})
        return error(rid, -32602, "Unknown tool: %s" % name)
    return error(rid, -32601, "Method not found: %s" % method)


def open_listen(rid, params):
    """Checks a listen request; returns an error answer, or None after registering the subscription."""
    if ARGS.refuse:
        log("refused %s" % rid)
        return error(rid, -32601, "Method not found: subscriptions/listen")
    problem = check_listen(params)
    if problem:
        log("problem: " + problem)
        return error(rid, -32602, "Invalid params: " + problem)
    with lock:
        listens[0] += 1
        if listens[0] == 1 and ARGS.drop_first:
            log("listen %s" % rid)
            return "drop"  # acknowledged, then ended: never registered, so no notification is lost on it
        subs[rid] = queue.Queue() if ARGS.http else None
        lock.notify_all()
    log("listen %s" % rid)
    return None


# ---- stdio ----

def run_stdio():
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            message = json.loads(line)
        except ValueError:
            write_stdio({"jsonrpc": "2.0", "id": None, "error": {"code": -32700, "message": "Parse error"}})
            continue
        if not isinstance(message, dict) or "method" not in message:
            continue
        if message.get("id") is None:
            if message["method"] == "notifications/cancelled":
                rid = (message.get("params") or {}).get("requestId")
                with lock:
                    known = subs.pop(rid, "missing") != "missing"
                log("cancelled %s" % rid if known else "cancelled unknown %s" % rid)
            continue
        if message["method"] == "subscriptions/listen":
            rid = message["id"]
            answer = open_listen(rid, message.get("params") or {})
            if isinstance(answer, dict):
                write_stdio(answer)
                continue
            write_stdio(notification("notifications/subscriptions/acknowledged", rid,
                                     {"notifications": {"toolsListChanged": True}}))
            for _ in range(ARGS.flood):
                write_stdio(notification("notifications/tools/list_changed", rid))
            if answer == "drop":
                write_stdio({"jsonrpc": "2.0", "method": "notifications/cancelled",
                             "params": {"requestId": rid, "reason": "server restarting its subscriptions"}})
                log("dropped %s" % rid)
            continue
        # Requests run on threads: a trigger waiting for a subscription must not stop the reader.
        threading.Thread(target=lambda m=message: write_stdio(handle(m)), daemon=True).start()


# ---- Streamable HTTP ----

class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply_json(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self.send_response(405)  # 2026-07-28 has no GET stream
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        try:
            message = json.loads(body)
        except ValueError:
            return self.reply_json(400, {"jsonrpc": "2.0", "id": None, "error": {"code": -32700, "message": "Parse error"}})
        if message.get("id") is None:
            self.send_response(202)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        rid, method = message["id"], message.get("method")
        if self.headers.get("Mcp-Method") != method or self.headers.get("MCP-Protocol-Version") != VERSION:
            log("problem: headers Mcp-Method=%r MCP-Protocol-Version=%r for %s" %
                (self.headers.get("Mcp-Method"), self.headers.get("MCP-Protocol-Version"), method))
            return self.reply_json(400, error(rid, -32020, "Mcp-Method/MCP-Protocol-Version do not match the body"))
        if method != "subscriptions/listen":
            return self.reply_json(200, handle(message))
        answer = open_listen(rid, message.get("params") or {})
        if isinstance(answer, dict):
            return self.reply_json(200, answer)
        with lock:
            q = subs.get(rid)
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        try:
            self.event(notification("notifications/subscriptions/acknowledged", rid,
                                    {"notifications": {"toolsListChanged": True}}))
            for _ in range(ARGS.flood):
                self.event(notification("notifications/tools/list_changed", rid))
            if answer == "drop":
                log("dropped %s" % rid)
                return
            while True:
                try:
                    self.event(q.get(timeout=0.3))
                except queue.Empty:
                    if peer_closed(self.connection):
                        raise ConnectionResetError("the client closed the stream")
                    self.wfile.write(b": keep-alive\n\n")  # finds out when the client reset the stream
                    self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            log("closed %s" % rid)
        finally:
            with lock:
                subs.pop(rid, None)

    def event(self, message):
        self.wfile.write(("data: " + json.dumps(message) + "\n\n").encode())
        self.wfile.flush()


def run_http(portfile):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    with open(portfile + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(portfile + ".tmp", portfile)
    # Started in the background by a test: gone by itself after --lifetime seconds.
    threading.Timer(ARGS.lifetime, lambda: os._exit(0)).start()
    server.serve_forever()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--http", metavar="PORTFILE")
    parser.add_argument("--log")
    parser.add_argument("--refuse", action="store_true")
    parser.add_argument("--drop-first", action="store_true")
    parser.add_argument("--foreign", action="store_true")
    parser.add_argument("--lifetime", type=float, default=120)
    parser.add_argument("--flood", type=int, default=0)
    parser.add_argument("--huge-ack", type=int, default=0)
    ARGS = parser.parse_args()
    if ARGS.http:
        run_http(ARGS.http)
    else:
        run_stdio()
