#!/usr/bin/env python3
"""A stdio MCP server whose tool list changes at run time: calling `grow` adds the tool `bonus`, removes `shrink`
and sends notifications/tools/list_changed before answering (as servers that register tools lazily do).
`research` can only be called as a task (execution.taskSupport "required": tools/call with `task` creates one,
tasks/get reports it working twice then completed, tasks/result gives its outcome); `quick` optionally."""
import json
import sys

tools = {
    "grow": {"name": "grow", "description": "adds the bonus tool", "inputSchema": {"type": "object"}},
    "shrink": {"name": "shrink", "description": "goes away once grow is called", "inputSchema": {"type": "object"}},
    # Only callable as a task (the tasks protocol): offered only by a client that speaks it.
    "research": {"name": "research", "description": "task only", "inputSchema": {"type": "object"},
                 "execution": {"taskSupport": "required"}},
    "quick": {"name": "quick", "description": "task optional", "inputSchema": {"type": "object"},
              "execution": {"taskSupport": "optional"}},
    # Sends `steps` notifications/progress (to the call's progressToken) before answering.
    "slow": {"name": "slow", "description": "reports progress", "inputSchema": {"type": "object"}},
}
BONUS = {"name": "bonus", "description": "appears after grow",
         "inputSchema": {"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]}}


tasks = {}  # taskId -> tasks/get polls so far


def send(msg):
    sys.stdout.write(json.dumps(msg) + "\n")
    sys.stdout.flush()


def text(s):
    return {"content": [{"type": "text", "text": s}]}


for line in sys.stdin:
    line = line.strip()
    if not line:
        continue
    msg = json.loads(line)
    mid, method, params = msg.get("id"), msg.get("method"), msg.get("params") or {}
    if mid is None:
        continue
    if method == "initialize":
        result = {"protocolVersion": params.get("protocolVersion", "2025-11-25"),
                  "capabilities": {"tools": {"listChanged": True}},
                  "serverInfo": {"name": "growing", "version": "1.0"}}
    elif method == "tools/list":
        result = {"tools": list(tools.values())}
    elif method == "tasks/get":
        polls = tasks.setdefault(params.get("taskId"), 0) + 1
        tasks[params.get("taskId")] = polls
        result = {"taskId": params.get("taskId"), "status": "completed" if polls >= 2 else "working", "pollInterval": 50}
    elif method == "tasks/result":
        result = text("research report " + str(params.get("taskId")))
    elif method == "tools/call":
        name = params.get("name")
        if name == "research" and "task" not in params:
            send({"jsonrpc": "2.0", "id": mid, "error": {"code": -32601, "message": "research must be called as a task"}})
            continue
        if name == "research":
            tasks["t-%s" % mid] = 0
            result = {"task": {"taskId": "t-%s" % mid, "status": "working", "pollInterval": 50}}
        elif name == "grow":
            tools.pop("shrink", None)
            tools["bonus"] = BONUS
            send({"jsonrpc": "2.0", "method": "notifications/tools/list_changed"})
            result = text("grew")
        elif name == "slow":
            token = (params.get("_meta") or {}).get("progressToken")
            steps = int((params.get("arguments") or {}).get("steps", 3))
            for i in range(1, steps + 1):
                if token is not None:
                    send({"jsonrpc": "2.0", "method": "notifications/progress",
                          "params": {"progressToken": token, "progress": i, "total": steps, "message": "step %d" % i}})
            result = text("slow done")
        elif name in tools:
            result = text(name + " called with " + json.dumps(params.get("arguments")))
        else:
            result = {"content": [{"type": "text", "text": "unknown tool " + str(name)}], "isError": True}
    else:
        send({"jsonrpc": "2.0", "id": mid, "error": {"code": -32601, "message": "Method not found"}})
        continue
    send({"jsonrpc": "2.0", "id": mid, "result": result})
