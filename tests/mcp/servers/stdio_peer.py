"""What the stdio test servers in this folder share: writing a message, and asking the client something with a
server-to-client request (2025-11-25 and older) and waiting for its answer."""
import json
import sys


def send(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def ask_client(method, params):
    """Sends a server-to-client request and waits for its answer (the only one in flight); exits at end of input."""
    send({"jsonrpc": "2.0", "id": "srv-1", "method": method, "params": params})
    for line in sys.stdin:
        if not line.strip():
            continue
        answer = json.loads(line)
        if isinstance(answer, dict) and answer.get("id") == "srv-1" and "method" not in answer:
            return answer
    sys.exit(0)
