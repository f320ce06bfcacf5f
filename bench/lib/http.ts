import http from 'node:http';

/**
 * A minimal JSON client on node:http with keep-alive agents: less CPU per request than fetch
 * (which matters when the load generator shares two cores with the server and PostgreSQL), and
 * connections reused exactly as a keep-alive `fetch` dispatcher would.
 */
export interface JsonResponse { status: number; body: any; headers: http.IncomingHttpHeaders }

export function requestJson(
  agent: http.Agent, base: URL, method: string, path: string, body?: unknown, headers: Record<string, string> = {},
): Promise<JsonResponse> {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request({
      agent, host: base.hostname, port: base.port, method, path,
      headers: {
        accept: 'application/json',
        ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
        ...headers,
      },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch { /* not JSON: keep the text */ }
        resolve({ status: res.statusCode ?? 0, body: parsed, headers: res.headers });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** A dev token (DEV_MODE) for a role. */
export async function devToken(base: URL, claims: Record<string, string>): Promise<string> {
  const agent = new http.Agent({ keepAlive: false });
  try {
    const { status, body } = await requestJson(agent, base, 'POST', '/v1/dev/tokens', claims);
    if (status !== 200) throw new Error(`no dev token for ${JSON.stringify(claims)}: ${status} ${JSON.stringify(body)}`);
    return body.token as string;
  } finally {
    agent.destroy();
  }
}
