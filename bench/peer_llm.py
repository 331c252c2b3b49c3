#!/usr/bin/env python3
"""A model endpoint the way peers' test setups write one: Python's ThreadingHTTPServer (HTTP/1.0, a new
connection per request, the socketserver default accept backlog of 5), speaking the Anthropic Messages wire
format. Each conversation calls the `echo` tool once, then answers "done".

  python3 bench/peer_llm.py PORT_FILE

Listens on a free loopback port and writes it to PORT_FILE (via a rename, so a reader never sees half of it).
Standard library only. Used by bench.py's `peer` benchmark."""
import json
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        request = json.loads(self.rfile.read(length) or b"{}")
        messages = request.get("messages", [])
        last = messages[-1] if messages else {}
        content = last.get("content")
        answered = isinstance(content, list) and any(
            isinstance(b, dict) and b.get("type") == "tool_result" for b in content)
        if answered:
            blocks, stop = [{"type": "text", "text": "done"}], "end_turn"
        else:
            blocks = [{"type": "tool_use", "id": "toolu_%d" % len(messages), "name": "echo",
                       "input": {"message": "peer"}}]
            stop = "tool_use"
        body = json.dumps({"id": "msg_peer", "type": "message", "role": "assistant", "model": "peer-model",
                           "content": blocks, "stop_reason": stop,
                           "usage": {"input_tokens": 10, "output_tokens": 5}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 5  # socketserver's default, spelled out: this is what a burst of connections meets


def main():
    server = Server(("127.0.0.1", 0), Handler)
    with open(sys.argv[1] + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(sys.argv[1] + ".tmp", sys.argv[1])
    server.serve_forever()


if __name__ == "__main__":
    main()
