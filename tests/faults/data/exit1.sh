#!/bin/sh
# An MCP server that dies at start: says why on stderr and exits 1 before the handshake.
echo "fault-server: cannot open database /nonexistent/db" >&2
exit 1
