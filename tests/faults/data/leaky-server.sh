#!/bin/sh
# A careless MCP server: prints the token it was given to stderr, then dies at start.
echo "leaky-server: starting with API_TOKEN=$API_TOKEN" >&2
exit 1
