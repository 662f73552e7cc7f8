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

const once = new Map();

/**
 * getJSON(path), fetched once per visit and shared by every caller (`fresh`: fetched again);
 * a failed fetch is forgotten, so the next call tries again.
 */
export function getJSONOnce(path, { fresh = false } = {}) {
  if (!once.has(path) || fresh) {
    const promise = getJSON(path);
    once.set(path, promise);
    promise.catch(() => {
      if (once.get(path) === promise) once.delete(path);
    });
  }
  return once.get(path);
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

/**
 * The records of a CSV text as RFC 4180 has them (the engine's CsvWriter writes so): fields
 * separated by commas, a field holding a comma, a quote or a line break enclosed in quotes
 * with its quotes doubled, records ended by CRLF or LF. Each record is an array of
 * { text, quoted } cells; empty lines are left out.
 */
function csvRecords(text) {
  const records = [];
  let record = [];
  let field = '';
  let quoted = false;
  let inQuotes = false;
  const endField = () => {
    record.push({ text: field, quoted });
    field = '';
    quoted = false;
  };
  const endRecord = () => {
    endField();
    if (record.length > 1 || record[0].text !== '' || record[0].quoted) records.push(record);
    record = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') field += text[++i];
      else inQuotes = false;
    } else if (c === '"' && field === '' && !quoted) {
      inQuotes = true;
      quoted = true;
    } else if (c === ',') {
      endField();
    } else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      if (c === '\r') i++;
      endRecord();
    } else {
      field += c;
    }
  }
  if (field !== '' || quoted || record.length > 0) endRecord();
  return records;
}

/**
 * Parses a CSV the engine wrote into one object per row, keyed by the header's names. An
 * unquoted cell that reads as a number becomes that number, an empty one null; a quoted cell
 * is always text (the engine quotes only text that holds a comma, a quote or a line break).
 */
export function parseCsv(text) {
  const records = csvRecords(text);
  if (records.length === 0) return [];
  const header = records[0].map((c) => c.text);
  return records.slice(1).map((cells) => {
    const row = {};
    header.forEach((h, k) => {
      const cell = cells[k];
      if (cell === undefined || (cell.text === '' && !cell.quoted)) row[h] = null;
      else if (cell.quoted) row[h] = cell.text;
      else {
        const n = Number(cell.text);
        row[h] = Number.isNaN(n) ? cell.text : n;
      }
    });
    return row;
  });
}
