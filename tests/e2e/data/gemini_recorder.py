#!/usr/bin/env python3
"""A fake Gemini endpoint for end-to-end tests: records each generateContent request body into DIR/body-N.json
and answers with a short text, so the test can check what agent-bench sent the model (e.g. tool schemas with
their $refs inlined). Usage: gemini_recorder.py DIR. Writes its port to DIR/port once listening; exits after 60 s
without a request."""
import http.server
import json
import os
import sys

out_dir = sys.argv[1]
count = [0]


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        count[0] += 1
        with open(os.path.join(out_dir, "body-%d.json" % count[0]), "wb") as f:
            f.write(body)
        reply = json.dumps({"candidates": [{"content": {"role": "model", "parts": [{"text": "recorded"}]},
                                            "finishReason": "STOP"}],
                            "usageMetadata": {"promptTokenCount": 3, "candidatesTokenCount": 1, "totalTokenCount": 4}})
        data = reply.encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
server.timeout = 60
with open(os.path.join(out_dir, "port.tmp"), "w") as f:
    f.write(str(server.server_address[1]))
os.rename(os.path.join(out_dir, "port.tmp"), os.path.join(out_dir, "port"))
while True:
    before = count[0]
    server.handle_request()
    if count[0] == before:
        break  # 60 s without a request
