#!/usr/bin/env node
// A minimal stdio MCP server whose tools/call answers carry an id that was never sent (the real id + 1000), plus
// a stray answer to id "nope" right after initialize. Everything else is answered correctly.
const readline = require('readline');
const rl = readline.createInterface({input: process.stdin});
const send = (m) => process.stdout.write(JSON.stringify(m) + '\n');
rl.on('line', (line) => {
  let m;
  try { m = JSON.parse(line); } catch (e) { return; }
  if (m.id === undefined || !m.method) return;
  if (m.method === 'initialize') {
    send({jsonrpc: '2.0', id: m.id, result: {protocolVersion: m.params.protocolVersion,
      capabilities: {tools: {}}, serverInfo: {name: 'wrong-ids', version: '1'}}});
    send({jsonrpc: '2.0', id: 'nope', result: {}});
  } else if (m.method === 'tools/list') {
    send({jsonrpc: '2.0', id: m.id, result: {tools: [{name: 'echo', description: 'echo',
      inputSchema: {type: 'object', properties: {message: {type: 'string'}}}}]}});
  } else if (m.method === 'tools/call') {
    const wrong = typeof m.id === 'number' ? m.id + 1000 : m.id + '-x';
    send({jsonrpc: '2.0', id: wrong, result: {content: [{type: 'text', text: 'misrouted'}]}});
  } else {
    send({jsonrpc: '2.0', id: m.id, result: {}});
  }
});
