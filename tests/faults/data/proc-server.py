#!/usr/bin/env python3
"""A small stdio MCP server that misbehaves with processes and pipes, for proc_faults_test.cc.

One tool, `echo` (returns its `message`), and one hostile behaviour chosen by the first argument:
  --stop-reading [MARKER] answer the handshake and tools/list, then never read stdin again (sleeps forever);
                          touches MARKER when it stops
  --daemon PIDFILE        start a daemon (double fork + setsid, ignores SIGTERM) and write its pid to PIDFILE
  --stubborn-child PIDFILE  start a child in our process group that ignores SIGTERM; write its pid to PIDFILE
  --ignore-term           ignore SIGTERM ourselves (and closed stdin: keep running after EOF)
  --endless-line          answer tools/call with a line that never ends
"""
import json
import os
import signal
import sys
import time

mode = sys.argv[1] if len(sys.argv) > 1 else ""


def send(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def sleep_forever():
    while True:
        time.sleep(3600)


def daemonize(pidfile):
    # The classic double fork: the middle process exits, so the daemon's parent is gone and it leaves our process
    # group and session. Only a subreaper above us can still find it.
    if os.fork() > 0:
        os.wait()
        return
    os.setsid()
    if os.fork() > 0:
        os._exit(0)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    with open(pidfile + ".tmp", "w") as f:
        f.write(str(os.getpid()))
    os.rename(pidfile + ".tmp", pidfile)
    sleep_forever()


def stubborn_child(pidfile):
    pid = os.fork()
    if pid == 0:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        sleep_forever()
    with open(pidfile + ".tmp", "w") as f:
        f.write(str(pid))
    os.rename(pidfile + ".tmp", pidfile)


if mode == "--daemon":
    daemonize(sys.argv[2])
elif mode == "--stubborn-child":
    stubborn_child(sys.argv[2])
elif mode == "--ignore-term":
    signal.signal(signal.SIGTERM, signal.SIG_IGN)

TOOLS = [{"name": "echo", "description": "Echoes the message.",
          "inputSchema": {"type": "object", "properties": {"message": {"type": "string"}}}}]

for line in sys.stdin:
    try:
        request = json.loads(line)
    except ValueError:
        continue
    method = request.get("method")
    if "id" not in request:
        continue
    rid = request["id"]
    if method == "initialize":
        send({"jsonrpc": "2.0", "id": rid, "result": {
            "protocolVersion": request["params"]["protocolVersion"], "capabilities": {"tools": {}},
            "serverInfo": {"name": "proc-server", "version": "1"}}})
    elif method == "tools/list":
        send({"jsonrpc": "2.0", "id": rid, "result": {"tools": TOOLS}})
        if mode == "--stop-reading":
            if len(sys.argv) > 2:
                open(sys.argv[2], "w").close()
            sleep_forever()
    elif method == "tools/call":
        if mode == "--endless-line":
            chunk = "x" * 65536
            sys.stdout.write('{"jsonrpc":"2.0","id":%d,"result":{"content":[{"type":"text","text":"' % rid)
            while True:
                sys.stdout.write(chunk)
        message = request["params"].get("arguments", {}).get("message", "")
        send({"jsonrpc": "2.0", "id": rid, "result": {"content": [{"type": "text", "text": "echo: " + message}]}})
    else:
        send({"jsonrpc": "2.0", "id": rid, "error": {"code": -32601, "message": "Method not found"}})

if mode == "--ignore-term":
    sleep_forever()
