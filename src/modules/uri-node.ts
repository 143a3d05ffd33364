// The uri module's request run from the controller (`run_on: controller`),
// with node:http/https: they can skip certificate checks per request
// (validate_certs: false), which the global fetch cannot without undici.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface HttpRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  username?: string;
  password?: string;
  forceBasicAuth: boolean;
  /** Follow redirects (already decided from follow_redirects and the method). */
  follow: boolean;
  validateCerts: boolean;
  timeoutSec: number;
  /** The body is needed even when it is not JSON (return_content). */
  wantBody: boolean;
}

export interface HttpResponse {
  /** -1 when no response came (refused, timeout, TLS error). */
  status: number;
  reason: string;
  /** The final URL, after redirects. */
  url: string;
  redirects: number;
  headers: [string, string][];
  body?: Buffer;
  error?: string;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 50;

interface Hop {
  url: string;
  method: string;
  body?: string;
  auth?: string;
}

function once(r: HttpRequest, hop: Hop, signal: AbortSignal): Promise<{ res: IncomingMessage; body: Buffer }> {
  const url = new URL(hop.url);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const headers: Record<string, string> = { ...r.headers };
  if (hop.auth) headers.Authorization = hop.auth;
  if (hop.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(hop.body));
  return new Promise((resolve, reject) => {
    const req = send(url, { method: hop.method, headers, signal, rejectUnauthorized: r.validateCerts }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ res, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(hop.body);
  });
}

function basic(r: HttpRequest): string {
  return `Basic ${Buffer.from(`${r.username}:${r.password ?? ''}`).toString('base64')}`;
}

export async function nodeRequest(r: HttpRequest): Promise<HttpResponse> {
  const signal = AbortSignal.timeout(r.timeoutSec * 1000);
  let hop: Hop = { url: r.url, method: r.method, body: r.body, auth: r.username !== undefined && r.forceBasicAuth ? basic(r) : undefined };
  let redirects = 0;
  try {
    for (;;) {
      const { res, body } = await once(r, hop, signal);
      const status = res.statusCode ?? 0;
      // Unforced credentials go out only when the server asks for them, as in Ansible.
      const sameHost = new URL(hop.url).host === new URL(r.url).host;
      if (status === 401 && r.username !== undefined && !hop.auth && sameHost && /basic/i.test(String(res.headers['www-authenticate']))) {
        hop = { ...hop, auth: basic(r) };
        continue;
      }
      const location = res.headers.location;
      if (r.follow && REDIRECTS.has(status) && location && redirects < MAX_REDIRECTS) {
        redirects++;
        // 303, and 301/302 after a POST, continue as GET without the body (what browsers and curl do).
        const asGet = status === 303 || (status <= 302 && hop.method === 'POST');
        const next = new URL(location, hop.url);
        // Credentials never follow a redirect to another host (curl's rule too).
        const auth = next.host === new URL(hop.url).host ? hop.auth : undefined;
        hop = { url: next.toString(), method: asGet ? 'GET' : hop.method, body: asGet ? undefined : hop.body, auth };
        continue;
      }
      const headers = Object.entries(res.headers).map(([k, v]): [string, string] => [k, Array.isArray(v) ? v.join(', ') : String(v)]);
      return { status, reason: res.statusMessage ?? '', url: hop.url, redirects, headers, body };
    }
  } catch (err) {
    return { status: -1, reason: '', url: hop.url, redirects, headers: [], error: (err as Error).message };
  }
}
