#!/usr/bin/env node
// A stdio MCP server whose `deep` tool answers with a result nested 60 000 levels deep (agent-bench must refuse it
// by its depth limit, not overflow its stack), and whose `echo` tool answers normally. The deep text is built by
// hand: JSON.stringify itself would overflow on it.
const readline = require('readline');
const rl = readline.createInterface({input: process.stdin});
const send = (m) => process.stdout.write(JSON.stringify(m) + '\n');
const DEPTH = 60000;
rl.on('line', (line) => {
  let m;
  try { m = JSON.parse(line); } catch (e) { return; }
  if (m.id === undefined || !m.method) return;
  if (m.method === 'initialize') {
    send({jsonrpc: '2.0', id: m.id, result: {protocolVersion: m.params.protocolVersion,
      capabilities: {tools: {}}, serverInfo: {name: 'deep', version: '1'}}});
  } else if (m.method === 'tools/list') {
    const args = {type: 'object', properties: {message: {type: 'string'}}};
    send({jsonrpc: '2.0', id: m.id, result: {tools: [
      {name: 'deep', description: 'answers with a deeply nested result', inputSchema: {type: 'object'}},
      {name: 'echo', description: 'echoes message', inputSchema: args}]}});
  } else if (m.method === 'tools/call' && m.params.name === 'deep') {
    const deep = '['.repeat(DEPTH) + ']'.repeat(DEPTH);
    process.stdout.write('{"jsonrpc":"2.0","id":' + JSON.stringify(m.id) +
      ',"result":{"content":[{"type":"text","text":"deep"}],"structuredContent":{"v":' + deep + '}}}\n');
  } else if (m.method === 'tools/call') {
    const message = String((m.params.arguments || {}).message || '');
    send({jsonrpc: '2.0', id: m.id, result: {content: [{type: 'text', text: 'echo: ' + message.slice(0, 100)}]}});
  } else {
    send({jsonrpc: '2.0', id: m.id, result: {}});
  }
});
