/**
 * Realtime nudges for one organization: the server announces "org X has new changes"
 * (broadcast `changes` on the private channel `org:<orgId>`, fed by a trigger on the change log,
 * supabase/migrations/20260101001300_realtime_nudge.sql), and the engine pulls. A nudge carries
 * no data: everything still arrives through pull, under RLS, so a missed or extra nudge costs at
 * most one pull.
 *
 * For the engine (ENG), which owns the schedule:
 *   const nudges = subscribeNudges({ client, orgId, onNudge: () => pullSoon(), onLive: (live) => … });
 *   - `client` is the session's supabase-js client (auth/supabase-client.ts, which passes `ws`
 *     as the realtime transport on Node 20). The session's access token is handed to Realtime
 *     with `realtime.setAuth` before joining, and again on every TOKEN_REFRESHED / SIGNED_IN.
 *   - `onLive(true)` when the channel is joined (also after every rejoin: pull once then, since
 *     nothing was nudged while down); `onLive(false)` when it errors, times out or closes: poll
 *     with backoff until live again. Called only on a change.
 *   - `onNudge` is coalesced: a burst gives one call at once and at most one per ~100 ms after.
 *   - Phoenix rejoins by itself after an error or a lost socket; a channel the server closed
 *     (token expired, membership gone) is joined afresh here, with backoff and a fresh token.
 *   - `close()` on sign-out, org switch, removal, a new client (another project) and core
 *     shutdown; nothing is called after it, and the socket is closed when no channel is left.
 */
import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import { Coalescer } from './coalesce';

export interface Nudge {
  orgId: string;
  /**
   * The highest change-log seq announced in the burst: for logs only. Pull on every nudge; a
   * cursor orders by transaction id first, so comparing it with seq could skip a change.
   */
  seq: number;
}

export interface NudgeOptions {
  client: SupabaseClient;
  orgId: string;
  onNudge(nudge: Nudge): void;
  onLive(live: boolean): void;
  /** The coalescing window (default 100 ms). */
  coalesceMs?: number;
}

export interface NudgeSubscription {
  close(): Promise<void>;
}

const changes = z.object({ org_id: z.string(), seq: z.number().int().nonnegative() });
/** How long to wait before joining again a channel the server closed, by attempt. */
const REJOIN_MS = [1_000, 2_000, 5_000, 10_000];

export function subscribeNudges(options: NudgeOptions): NudgeSubscription {
  const { client, orgId } = options;
  let closed = false;
  let live: boolean | null = null;
  let channel: RealtimeChannel | null = null;
  let attempts = 0;
  let rejoin: ReturnType<typeof setTimeout> | null = null;

  const setLive = (value: boolean) => {
    if (closed || live === value) return;
    live = value;
    options.onLive(value);
  };
  const coalescer = new Coalescer(options.coalesceMs ?? 100, (seq) => {
    if (!closed) options.onNudge({ orgId, seq });
  });

  // supabase-js forwards refreshed tokens to Realtime too; doing it here keeps the contract
  // visible and does not depend on that internal wiring (setAuth ignores an unchanged token).
  const { data: auth } = client.auth.onAuthStateChange((event, session) => {
    if ((event === 'TOKEN_REFRESHED' || event === 'SIGNED_IN') && session) void client.realtime.setAuth(session.access_token);
  });

  async function join(): Promise<void> {
    const { data } = await client.auth.getSession();
    if (closed) return;
    if (data.session) await client.realtime.setAuth(data.session.access_token);
    if (closed) return;
    const joined = client.channel(`org:${orgId}`, { config: { private: true } });
    channel = joined;
    joined
      .on('broadcast', { event: 'changes' }, (message: { payload?: unknown }) => {
        const parsed = changes.safeParse(message.payload);
        if (parsed.success && parsed.data.org_id === orgId) coalescer.push(parsed.data.seq);
      })
      .subscribe((status) => {
        if (closed || channel !== joined) return;
        if (status === 'SUBSCRIBED') {
          attempts = 0;
          setLive(true);
        } else if (status === 'CLOSED') {
          // Closed by the server, not by us: Phoenix will not rejoin it, so join anew.
          setLive(false);
          channel = null;
          scheduleJoin();
        } else {
          setLive(false);
        }
      });
  }

  function scheduleJoin(): void {
    if (closed || rejoin) return;
    const delay = REJOIN_MS[Math.min(attempts, REJOIN_MS.length - 1)];
    attempts += 1;
    rejoin = setTimeout(() => {
      rejoin = null;
      join().catch(() => {
        setLive(false);
        scheduleJoin();
      });
    }, delay);
  }

  join().catch(() => {
    setLive(false);
    scheduleJoin();
  });

  return {
    async close() {
      if (closed) return;
      closed = true;
      coalescer.stop();
      if (rejoin) clearTimeout(rejoin);
      auth.subscription.unsubscribe();
      if (channel) await client.removeChannel(channel);
      channel = null;
      // Left alone, realtime-js keeps an empty socket (and its timers) for another 50 s, which
      // would hold a closing core open; nobody else is listening, so hang up now.
      if (client.getChannels().length === 0) await client.realtime.disconnect();
    },
  };
}
