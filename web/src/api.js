// The few calls the dashboard makes to `softpower serve` (docs/serve.md). Every failure
// becomes an ApiError carrying the server's one-line message, so pages can say what went
// wrong instead of breaking.

export class ApiError extends Error {
  constructor(message, status, param) {
    super(message);
    this.status = status;
    this.param = param;
  }
}

const TOKEN_KEY = 'softpower-write-token';

/** The write token the user typed on this tab (kept for the session only). */
export function writeToken() {
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

export function setWriteToken(token) {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

async function answer(res, path) {
  const text = await res.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!res.ok) {
    const message = body && body.error ? body.error : `${res.status} ${res.statusText}`;
    const param = body && body.param ? body.param : undefined;
    throw new ApiError(param ? `${param}: ${message}` : message, res.status, param);
  }
  if (body === null && text) throw new ApiError(`${path}: the answer is not JSON`, res.status);
  return body;
}

export async function getJSON(path, { signal } = {}) {
  const res = await fetch(path, { headers: { Accept: 'application/json' }, signal });
  return answer(res, path);
}

export async function getText(path) {
  const res = await fetch(path);
  if (!res.ok) {
    let message = `${res.status} ${res.statusText}`;
    try {
      message = (await res.json()).error || message;
    } catch {
      /* keep the status line */
    }
    throw new ApiError(message, res.status);
  }
  return res.text();
}

export async function postJSON(path, body, { signal, method = 'POST' } = {}) {
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
  const token = writeToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
  return answer(res, path);
}

export async function cancelJob(id) {
  return postJSON(`/api/jobs/${id}`, undefined, { method: 'DELETE' });
}

/**
 * Follows a background job's Server-Sent Events. onProgress gets every status object
 * ({state, task, done, total, ...}); the promise resolves with the final status.
 * Falls back to polling GET /api/jobs/<id> when the stream breaks.
 */
export function followJob(id, onProgress) {
  return new Promise((resolve, reject) => {
    let finished = false;
    const source = new EventSource(`/api/jobs/${id}/events`);
    const finish = (status) => {
      if (finished) return;
      finished = true;
      source.close();
      onProgress(status);
      resolve(status);
    };
    source.addEventListener('progress', (e) => onProgress(JSON.parse(e.data)));
    source.addEventListener('end', (e) => finish(JSON.parse(e.data)));
    source.onerror = () => {
      if (finished) return;
      source.close();
      const poll = async () => {
        try {
          const status = await getJSON(`/api/jobs/${id}`);
          if (['done', 'failed', 'cancelled'].includes(status.state)) finish(status);
          else {
            onProgress(status);
            setTimeout(poll, 500);
          }
        } catch (err) {
          finished = true;
          reject(err);
        }
      };
      poll();
    };
  });
}

/** Parses a CSV the engine wrote (no quoted commas in the numeric files it stores). */
export function parseCsv(text) {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  if (lines.length === 0) return [];
  const header = lines[0].split(',');
  return lines.slice(1).map((line) => {
    const cells = line.split(',');
    const row = {};
    header.forEach((h, k) => {
      const v = cells[k];
      const n = v === undefined || v === '' ? NaN : Number(v);
      row[h] = v === undefined || v === '' ? null : Number.isNaN(n) ? v : n;
    });
    return row;
  });
}
