#!/usr/bin/env python3
"""A hostile MCP Streamable-HTTP server for tests/faults/net_faults_test.cc (stdlib only).

  net-hostile-mcp.py PORT_FILE

Listens on a free loopback port at /mcp and writes the port to PORT_FILE. initialize, tools/list and the `echo`
tool answer normally (JSON replies); a call of the `flood` tool answers with an event stream whose `data:` line
never ends (1 MiB pieces, no newline, until the client hangs up), one of `flood_json` with a JSON body that never
ends. GET (the standalone stream) is 405.
"""
import json
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOOLS = [
    {"name": "echo", "description": "Echoes its message", "inputSchema": {
        "type": "object", "properties": {"message": {"type": "string"}}, "required": ["message"]}},
    {"name": "flood", "description": "Answers with an endless event-stream line", "inputSchema": {"type": "object"}},
    {"name": "flood_json", "description": "Answers with an endless JSON body", "inputSchema": {"type": "object"}},
]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply_json(self, status, doc=None):
        body = json.dumps(doc).encode() if doc is not None else b""
        self.send_response(status)
        if doc is not None:
            self.send_header("Content-Type", "application/json")
        self.send_header("Mcp-Session-Id", "hostile-session")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.reply_json(405, {"error": "no standalone stream"})

    def do_DELETE(self):
        self.reply_json(200)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        msg = json.loads(self.rfile.read(length) or b"{}")
        if "id" not in msg:
            self.reply_json(202)
            return
        method = msg.get("method")
        result = {}
        if method == "initialize":
            result = {"protocolVersion": msg["params"].get("protocolVersion", "2025-06-18"),
                      "capabilities": {"tools": {}}, "serverInfo": {"name": "hostile-mcp", "version": "1"}}
        elif method == "tools/list":
            result = {"tools": TOOLS}
        elif method == "tools/call" and msg["params"]["name"] == "flood_json":
            try:
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(b'{"jsonrpc": "2.0", "id": ' + json.dumps(msg["id"]).encode() + b', "result": "')
                piece = b"a" * (1 << 20)
                for _ in range(1 << 20):
                    self.wfile.write(piece)
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True
            return
        elif method == "tools/call" and msg["params"]["name"] == "flood":
            try:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(b'data: {"jsonrpc": "2.0", "id": ' + json.dumps(msg["id"]).encode() +
                                 b', "result": {"content": [{"type": "text", "text": "')
                piece = b"a" * (1 << 20)
                for _ in range(1 << 20):
                    self.wfile.write(piece)
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True
            return
        elif method == "tools/call":
            text = msg["params"].get("arguments", {}).get("message", "")
            result = {"content": [{"type": "text", "text": "Echo: " + text}]}
        self.reply_json(200, {"jsonrpc": "2.0", "id": msg["id"], "result": result})


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    with open(sys.argv[1] + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(sys.argv[1] + ".tmp", sys.argv[1])
    server.serve_forever()


if __name__ == "__main__":
    main()
