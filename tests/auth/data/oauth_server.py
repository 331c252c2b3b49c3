#!/usr/bin/env python3
"""An MCP server behind OAuth 2.1 (Streamable HTTP at /mcp, legacy HTTP+SSE at /sse) with its own authorization
server, for agent-bench's end-to-end auth tests.

Usage: oauth_server.py PORT_FILE LOG_FILE [--expires-in N] [--refresh-token T] [--client ID:SECRET]
                       [--step-up] [--hostile huge|deep|wrong-issuer|http-issuer]
Writes its port to PORT_FILE once listening, and one JSON line per OAuth event to LOG_FILE (the tests read it).
The authorization endpoint approves at once (a 302 back to redirect_uri): the "browser" only has to follow it.
"""
import base64, hashlib, json, queue, secrets, sys, threading, urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

args = sys.argv[1:]
PORT_FILE, LOG_FILE = args[0], args[1]
opts = {"expires_in": 3600, "refresh": None, "client": None, "step_up": False, "hostile": None}
i = 2
while i < len(args):
    a = args[i]
    if a == "--expires-in": opts["expires_in"] = int(args[i + 1]); i += 2
    elif a == "--refresh-token": opts["refresh"] = args[i + 1]; i += 2
    elif a == "--client": opts["client"] = args[i + 1].split(":", 1); i += 2
    elif a == "--step-up": opts["step_up"] = True; i += 1
    elif a == "--hostile": opts["hostile"] = args[i + 1]; i += 2
    else: raise SystemExit("unknown argument " + a)

lock = threading.Lock()
codes, tokens, refresh_tokens, clients, streams = {}, {}, {}, {}, {}
if opts["refresh"]:
    refresh_tokens[opts["refresh"]] = "mcp:read"


def log(event, **fields):
    with lock, open(LOG_FILE, "a") as f:
        f.write(json.dumps(dict(event=event, **fields)) + "\n")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def base(self):
        return "http://127.0.0.1:%d" % self.server.server_address[1]

    def send(self, status, body, headers=None, ctype="application/json"):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n).decode() if n else ""

    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        base = self.base()
        if url.path in ("/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource/sse"):
            return self.send(200, {"resource": base + url.path[len("/.well-known/oauth-protected-resource"):],
                                   "authorization_servers": [base], "scopes_supported": ["mcp:read"]})
        if url.path == "/sse":
            return self.sse_stream()
        if url.path == "/.well-known/oauth-authorization-server":
            h = opts["hostile"]
            if h == "huge":
                return self.send(200, b'{"issuer":"' + b"x" * (4 << 20) + b'"}')
            if h == "deep":
                return self.send(200, b"[" * 100000 + b"]" * 100000)
            issuer = base
            if h == "wrong-issuer": issuer = "https://evil.example.com"
            meta = {"issuer": issuer, "authorization_endpoint": base + "/authorize", "token_endpoint": base + "/token",
                    "registration_endpoint": base + "/register", "response_types_supported": ["code"],
                    "grant_types_supported": ["authorization_code", "refresh_token", "client_credentials"],
                    "code_challenge_methods_supported": ["S256"],
                    "token_endpoint_auth_methods_supported": ["none", "client_secret_basic"],
                    "authorization_response_iss_parameter_supported": True}
            if h == "http-issuer":
                meta["token_endpoint"] = "http://auth.example.com/token"
            return self.send(200, meta)
        if url.path == "/authorize":
            q = dict(urllib.parse.parse_qsl(url.query))
            code = secrets.token_urlsafe(16)
            with lock:
                codes[code] = q
            log("authorize", client_id=q.get("client_id"), scope=q.get("scope"), resource=q.get("resource"),
                method=q.get("code_challenge_method"))
            target = q["redirect_uri"] + "?" + urllib.parse.urlencode({"code": code, "state": q.get("state", ""),
                                                                         "iss": base})
            return self.send(302, b"", {"Location": target}, "text/plain")
        self.send(404, {"error": "not_found"})

    def issue(self, scope, grant):
        access, refresh = "at-" + secrets.token_urlsafe(24), "rt-" + secrets.token_urlsafe(24)
        with lock:
            tokens[access] = scope or ""
            refresh_tokens[refresh] = scope or ""
        log("token", grant=grant, scope=scope)
        return self.send(200, {"access_token": access, "token_type": "Bearer", "expires_in": opts["expires_in"],
                               "refresh_token": refresh, "scope": scope or ""})

    def do_POST(self):
        url = urllib.parse.urlparse(self.path)
        raw = self.body()
        if url.path == "/register":
            req = json.loads(raw)
            cid = "dyn-" + secrets.token_hex(6)
            clients[cid] = req
            log("register", application_type=req.get("application_type"))
            return self.send(201, {"client_id": cid, "token_endpoint_auth_method": "none"})
        if url.path == "/token":
            form = dict(urllib.parse.parse_qsl(raw))
            grant = form.get("grant_type")
            if grant == "authorization_code":
                with lock:
                    q = codes.pop(form.get("code", ""), None)
                if q is None:
                    return self.send(400, {"error": "invalid_grant"})
                challenge = base64.urlsafe_b64encode(hashlib.sha256(form.get("code_verifier", "").encode()).digest())
                if challenge.decode().rstrip("=") != q.get("code_challenge"):
                    return self.send(400, {"error": "invalid_grant", "error_description": "PKCE mismatch"})
                return self.issue(q.get("scope"), grant)
            if grant == "refresh_token":
                with lock:
                    scope = refresh_tokens.pop(form.get("refresh_token", ""), None)
                if scope is None:
                    return self.send(400, {"error": "invalid_grant", "error_description": "unknown refresh token"})
                return self.issue(scope, grant)
            if grant == "client_credentials":
                auth = self.headers.get("Authorization", "")
                want = opts["client"]
                got = base64.b64decode(auth[6:]).decode().split(":", 1) if auth.startswith("Basic ") else None
                if want is None or got != [urllib.parse.quote(want[0]), urllib.parse.quote(want[1])]:
                    return self.send(401, {"error": "invalid_client"})
                return self.issue(form.get("scope"), grant)
            return self.send(400, {"error": "unsupported_grant_type"})
        if url.path == "/mcp":
            return self.mcp(raw)
        if url.path == "/messages":
            return self.sse_post(raw, dict(urllib.parse.parse_qsl(url.query)))
        self.send(404, {"error": "not_found"})

    def authorized(self, resource_path):
        """The caller's scope, or None after answering 401 with the challenge."""
        auth = self.headers.get("Authorization", "")
        token = auth[7:] if auth.startswith("Bearer ") else None
        with lock:
            scope = tokens.get(token) if token else None
        if scope is None:
            log("unauthorized")
            prm = self.base() + "/.well-known/oauth-protected-resource" + resource_path
            self.send(401, {"error": "invalid_token"},
                      {"WWW-Authenticate": 'Bearer resource_metadata="%s", scope="mcp:read"' % prm})
        return scope

    def sse_stream(self):
        """Legacy HTTP+SSE (2024-11-05): the stream announces where to POST; answers come back on it."""
        if self.authorized("/sse") is None:
            return
        sid = secrets.token_hex(8)
        q = queue.Queue()
        with lock:
            streams[sid] = q
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(("event: endpoint\ndata: /messages?sid=%s\n\n" % sid).encode())
        self.wfile.flush()
        while True:
            msg = q.get()
            if msg is None:
                return
            self.wfile.write(("event: message\ndata: %s\n\n" % json.dumps(msg)).encode())
            self.wfile.flush()

    def sse_post(self, raw, query):
        scope = self.authorized("/sse")
        if scope is None:
            return
        with lock:
            q = streams.get(query.get("sid", ""))
        if q is None:
            return self.send(404, {"error": "unknown session"})
        answer = self.answer(json.loads(raw), scope)
        if answer is not None:
            q.put(answer)
        self.send(202, b"", ctype="text/plain")

    def answer(self, msg, scope):
        """The JSON-RPC answer to |msg| (None for a notification)."""
        if "id" not in msg:
            return None
        method = msg.get("method", "")
        if method == "initialize":
            result = {"protocolVersion": msg.get("params", {}).get("protocolVersion", "2025-06-18"),
                      "capabilities": {"tools": {}}, "serverInfo": {"name": "oauth-test", "version": "1"}}
        elif method == "tools/list":
            result = {"tools": [{"name": "whoami", "description": "scopes of the caller",
                                 "inputSchema": {"type": "object"}}]}
        elif method == "tools/call":
            result = {"content": [{"type": "text", "text": "scopes: " + scope}]}
        else:
            return {"jsonrpc": "2.0", "id": msg["id"], "error": {"code": -32601, "message": "no"}}
        return {"jsonrpc": "2.0", "id": msg["id"], "result": result}

    def mcp(self, raw):
        base = self.base()
        prm = base + "/.well-known/oauth-protected-resource/mcp"
        scope = self.authorized("/mcp")
        if scope is None:
            return
        msg = json.loads(raw)
        method = msg.get("method", "")
        if opts["step_up"] and method == "tools/list" and "mcp:admin" not in scope.split():
            log("insufficient_scope")
            return self.send(403, {"error": "insufficient_scope"}, {
                "WWW-Authenticate": 'Bearer error="insufficient_scope", scope="mcp:read mcp:admin", '
                                    'resource_metadata="%s"' % prm})
        answer = self.answer(msg, scope)
        if answer is None:
            return self.send(202, b"", ctype="text/plain")
        self.send(200, answer)


ThreadingHTTPServer.daemon_threads = True
server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(PORT_FILE + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
import os
os.rename(PORT_FILE + ".tmp", PORT_FILE)
server.serve_forever()
