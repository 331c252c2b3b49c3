#!/usr/bin/env python3
"""A hostile OpenAI-compatible model endpoint for tests/faults/net_faults_test.cc (stdlib only).

  net-hostile-llm.py PORT_FILE

Listens on a free loopback port and writes it to PORT_FILE. What it does depends on the last user message:
  "endless body"  200, then a JSON body that never ends (1 MiB pieces, gigabytes if read)
  "trickle"       200 with Content-Length 100000, then one byte every 0.5 s
  anything else   a normal chat completion answering "fine: <message>"
"""
import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        request = json.loads(self.rfile.read(length) or b"{}")
        text = ""
        for m in request.get("messages", []):
            if m.get("role") == "user" and isinstance(m.get("content"), str):
                text = m["content"]
        try:
            if "endless body" in text:
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"choices": [{"message": {"content": "')
                piece = b"a" * (1 << 20)
                for _ in range(1 << 20):  # up to 1 TiB: only the client stops it
                    self.wfile.write(piece)
            elif "trickle" in text:
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "100000")
                self.end_headers()
                self.wfile.flush()
                for _ in range(100000):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.5)
            else:
                body = json.dumps({
                    "id": "chatcmpl-hostile", "object": "chat.completion", "created": 1, "model": "hostile",
                    "choices": [{"index": 0, "finish_reason": "stop",
                                 "message": {"role": "assistant", "content": "fine: " + text}}],
                    "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5}}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    with open(sys.argv[1] + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(sys.argv[1] + ".tmp", sys.argv[1])
    server.serve_forever()


if __name__ == "__main__":
    main()
