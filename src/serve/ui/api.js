// The only way the UI talks to the server: the REST API under /api/v1/. The server's token normally travels in
// the HttpOnly cookie that opening the printed address (?token=...) set; without it, the page asks for the token
// once and sends it as a bearer token (kept for this tab only). Every write says Content-Type: application/json
// (the server refuses writes without it). Error replies become exceptions carrying the API's message.
'use strict';

const Api = (() => {
  const base = '/api/v1';
  let token = sessionStorage.getItem('ab-token') || '';
  let waitingForToken = null;

  function headers(extra) {
    const h = Object.assign({ Accept: 'application/json' }, extra || {});
    if (token) h.Authorization = 'Bearer ' + token;
    return h;
  }

  // Asks for the token once, however many requests were refused at the same time.
  function askToken() {
    if (!waitingForToken) {
      waitingForToken = new Promise((resolve) => {
        const dialog = document.getElementById('token-dialog');
        const input = document.getElementById('token-input');
        input.value = '';
        dialog.addEventListener('close', () => {
          token = input.value.trim();
          sessionStorage.setItem('ab-token', token);
          waitingForToken = null;
          resolve();
        }, { once: true });
        dialog.showModal();
      });
    }
    return waitingForToken;
  }

  class ApiError extends Error {
    constructor(status, message, field) {
      super(message);
      this.status = status;
      this.field = field || '';
    }
  }

  async function request(method, path, body) {
    for (let attempt = 0; attempt < 3; attempt++) {
      const init = { method, headers: headers(method === 'GET' ? {} : { 'Content-Type': 'application/json' }) };
      if (body !== undefined) init.body = JSON.stringify(body);
      const res = await fetch(base + path, init);
      if (res.status === 401) {
        await askToken();
        continue;
      }
      if (res.status === 204) return null;
      const text = await res.text();
      let data = null;
      try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
      if (!res.ok) {
        const err = data && data.error ? data.error : { message: `HTTP ${res.status}` };
        throw new ApiError(res.status, err.message, err.field);
      }
      return data;
    }
    throw new ApiError(401, 'the bearer token was refused');
  }

  // Follows a server-sent event stream with fetch (EventSource cannot send the Authorization header).
  // onEvent({type, id, data}) for each event; resolves when the server ends the stream or |signal| aborts it.
  async function stream(path, onEvent, signal) {
    const res = await fetch(base + path, { headers: headers({ Accept: 'text/event-stream' }), signal });
    if (res.status === 401) {
      await askToken();
      return stream(path, onEvent, signal);
    }
    if (!res.ok || !res.body) throw new ApiError(res.status, `event stream: HTTP ${res.status}`);
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const ev = { type: 'message', id: '', data: '' };
        for (const line of frame.split('\n')) {
          if (line.startsWith(':')) continue;
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const val = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'event') ev.type = val;
          else if (field === 'id') ev.id = val;
          else if (field === 'data') ev.data += (ev.data ? '\n' : '') + val;
        }
        if (ev.data) {
          try { ev.data = JSON.parse(ev.data); } catch (e) { /* keep the text */ }
          onEvent(ev);
        }
      }
    }
  }

  // Saves a page of the API (e.g. a run's report) as a file: used when a token is needed, since a plain link
  // cannot send the Authorization header.
  async function download(path, filename) {
    const res = await fetch(base + path, { headers: headers({ Accept: 'text/html' }) });
    if (res.status === 401) {
      await askToken();
      return download(path, filename);
    }
    if (!res.ok) throw new ApiError(res.status, `HTTP ${res.status}`);
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = filename;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }

  function query(params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== null && v !== '') q.set(k, v);
    const s = q.toString();
    return s ? '?' + s : '';
  }

  return {
    ApiError,
    get: (path, params) => request('GET', path + query(params)),
    post: (path, body) => request('POST', path, body === undefined ? {} : body),
    put: (path, body) => request('PUT', path, body),
    del: (path) => request('DELETE', path),
    stream,
    download,
    hasToken: () => token !== '',
    url: (path) => base + path,
    seg: (s) => encodeURIComponent(s),
  };
})();
