// The HTTP API, same origin only: JSON in and out, the CSRF token on every write, a timeout.
// An error is an ApiError with the HTTP status (0 when the network failed or timed out).

let csrfToken = null;

export function setCsrfToken(token) {
  csrfToken = token;
}

export const hasCsrfToken = () => !!csrfToken;

export class ApiError extends Error {
  constructor(status, message, body = null) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

export async function request(path, { method = 'GET', body, timeout = 30000 } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeout);
  let response;
  try {
    response = await fetch(path, {
      method, headers, credentials: 'same-origin', cache: 'no-store', signal: abort.signal,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    const why = abort.signal.aborted ? 'the server did not answer in time' : 'no connection';
    throw new ApiError(0, why);
  } finally {
    clearTimeout(timer);
  }
  if (response.status === 204) return null;
  let data = null;
  try {
    data = await response.json();
  } catch {
    // A truncated or non-JSON answer is a failure, never a success.
    throw new ApiError(response.ok ? 0 : response.status, 'the answer could not be read');
  }
  if (!response.ok) {
    throw new ApiError(response.status, (data && data.message) || `HTTP ${response.status}`, data);
  }
  return data;
}

export const fetchJSON = (path) => request(path);
export const postJSON = (path, body) => request(path, { method: 'POST', body });
