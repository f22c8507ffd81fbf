// The imagepipe HTTP API, as the page uses it.

const TOKEN_KEY = 'imagepipe-api-token';

/** An API answer that is not a success: status, code and the server's sentence. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  /** Worth trying again: the network, the server or the rate limit, not the request itself. */
  get retryable() {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

export function setToken(token) {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

function headers(extra = {}) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  return token ? { ...extra, Authorization: `Bearer ${token}` } : extra;
}

async function call(path, options = {}) {
  let response;
  try {
    response = await fetch(path, { ...options, headers: headers(options.headers) });
  } catch (e) {
    throw new ApiError(0, 'network', 'The server could not be reached. Check your connection.');
  }
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    body = null;
  }
  if (!response.ok) {
    throw new ApiError(response.status, body?.error ?? 'http_' + response.status,
      body?.message ?? `The server answered ${response.status}.`);
  }
  return body;
}

/** Asks for a signed PUT for one file: {key, url, method, headers, expiresAt, statusUrl}. */
export function requestUpload(file) {
  return call('api/uploads', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      filename: file.name,
      contentType: file.type || 'application/octet-stream',
      size: file.size,
    }),
  });
}

// Browsers set these themselves and refuse scripts that try.
const BROWSER_HEADERS = new Set(['content-length', 'host']);

/**
 * PUTs the file to the signed URL, reporting progress (0..1). Resolves when storage has it;
 * rejects with an ApiError (status 0 for a network failure, else storage's status).
 */
export function putFile(upload, file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(upload.method, upload.url);
    for (const [name, value] of Object.entries(upload.headers)) {
      if (!BROWSER_HEADERS.has(name.toLowerCase())) xhr.setRequestHeader(name, value);
    }
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    });
    xhr.addEventListener('load', () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve();
      } else {
        reject(new ApiError(xhr.status, 'storage_' + xhr.status,
          xhr.status === 403
            ? 'Storage refused the upload: its link expired or no longer matches the file.'
            : `Storage answered ${xhr.status}.`));
      }
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, 'network', 'The upload was cut off by a network error.')));
    xhr.addEventListener('timeout', () => reject(new ApiError(0, 'network', 'The upload timed out.')));
    xhr.send(file);
  });
}

/**
 * Waits for the result of an upload, asking the server to hold each request until the manifest
 * lands (long polling), so the page learns of it at once. Gives up after `giveUpMs`.
 */
export async function waitForResult(statusUrl, giveUpMs = 180000) {
  const deadline = Date.now() + giveUpMs;
  const path = statusUrl.replace(/^\//, '');
  while (Date.now() < deadline) {
    const wait = Math.max(1, Math.min(20, Math.round((deadline - Date.now()) / 1000)));
    try {
      return await call(`${path}?wait=${wait}`);
    } catch (e) {
      if (e.status === 404) continue; // not processed yet
      if (e.retryable && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 2000));
        continue;
      }
      throw e;
    }
  }
  return null;
}

/** The newest uploads: {images: [...], partial}. */
export function recentImages(limit = 12) {
  return call(`api/images?limit=${limit}`);
}
