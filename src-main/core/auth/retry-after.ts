/**
 * supabase-js answers an rpc with its status but not its headers; a server that asks to slow
 * down (429/503 with Retry-After) says how long in a header. This wraps the client's fetch and
 * keeps the last Retry-After per request path, for the caller that got the answer to take.
 */
export class RetryAfterLog {
  private readonly last = new Map<string, string>();

  wrap(fetchImpl: typeof fetch = (input, init) => fetch(input, init)): typeof fetch {
    return async (input, init) => {
      const response = await fetchImpl(input, init);
      const path = pathOf(input);
      const header = response.headers.get('retry-after');
      if (header && (response.status === 429 || response.status === 503)) this.last.set(path, header);
      else this.last.delete(path);
      return response;
    };
  }

  /** The Retry-After the last answer to `path` carried (once), or null. */
  take(path: string): string | null {
    const header = this.last.get(path) ?? null;
    this.last.delete(path);
    return header;
  }
}

function pathOf(input: string | URL | Request): string {
  const href = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  try {
    return new URL(href).pathname;
  } catch {
    return href;
  }
}
