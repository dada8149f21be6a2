/**
 * Who is signed in, to which project, with what assurance level, and whether the server can be
 * reached. Owns the supabase-js client; every other part of the core asks it for the user and
 * for server calls (`rpc`), and none of them ever sees a token. A request that gets no answer
 * marks the app offline and starts probing with backoff; when an answer comes back the session
 * refreshes by itself. A session the server ends (revoked, expired refresh token) asks the user to
 * sign in again while the open workspace stays usable.
 */
import type { Session, SupabaseClient } from '@supabase/supabase-js';
import QRCode from 'qrcode';
import type { AccountStatus, Membership, SessionState, TotpEnrolment } from '../../../src-shared/domain/account';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { SecretStore } from '../secrets/secret-store';
import { retryAfterMs } from '../sync/backoff';
import type { AppSettingsStore } from './app-settings';
import { authFailure, rpcFailure } from './auth-errors';
import { resolveConnection, type Presets, type ResolvedConnection } from './connection';
import { parseMemberships } from './organizations';
import { checkProject, probeProject, unreachable, type Project } from './project';
import { RetryAfterLog } from './retry-after';
import { createSupabase, sessionKey } from './supabase-client';

export interface SessionServiceOptions {
  secrets: SecretStore;
  settings: AppSettingsStore;
  presets: Presets;
  /** A preset that could not be used (e.g. a broken policy file), shown until resolved. */
  presetProblem?: string | null;
  fetch?: typeof fetch;
  /** First and longest wait between reachability probes while offline. */
  probeBackoffMs?: { first: number; max: number };
  /** How often a signed-in session is checked with the server (ended elsewhere? network gone?). */
  heartbeatMs?: number;
  log: (message: string, detail?: unknown) => void;
  onChange: () => void;
}

type User = { id: string; email: string };

const SECOND_FACTOR_WORDS =
  'Your organization requires two-step sign-in to sync. Enter the code from your authenticator (or set one up in Settings → Account); your work on this computer is kept.';

function claims(token: string): Record<string, unknown> | null {
  try {
    return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

export class SessionService {
  private resolved: ResolvedConnection;
  private client: SupabaseClient | null = null;
  private state: SessionState = 'signed-out';
  private user: User | null = null;
  private aal: 'aal1' | 'aal2' | null = null;
  private hasTotp = false;
  private online = true;
  private message: string | null = null;
  private probeTimer: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private probeDelay: number;
  private closed = false;
  private checking = false;
  private unsubscribe: (() => void) | null = null;
  /** Retry-After headers of the client's answers, which supabase-js does not pass on. */
  private readonly retryAfter = new RetryAfterLog();
  /** Set while the core itself signs out, so the SIGNED_OUT event is not taken for a revoked session. */
  private signingOut = false;
  /** Set while a probe refreshes the session: its outcome, not supabase-js's SIGNED_OUT, decides. */
  private refreshingAfterOutage = false;
  /** The server asked for a second factor (sync answered mfa_required): aal1 is not enough. */
  private secondFactorAsked = false;

  constructor(private readonly options: SessionServiceOptions) {
    this.resolved = resolveConnection(options.presets, options.settings.read());
    this.probeDelay = options.probeBackoffMs?.first ?? 1000;
    const last = options.settings.read().lastUser;
    this.user = last;
    this.heartbeat = setInterval(() => void this.checkSession(), options.heartbeatMs ?? 60_000);
    this.heartbeat.unref?.();
  }

  /**
   * Asks the server about the session now and then, so a session ended elsewhere (IT signed the
   * user out, the account was blocked) or a network that went away shows without waiting for the
   * next refresh an hour later.
   */
  private async checkSession(): Promise<void> {
    if (this.closed || !this.client || !this.online || this.checking) return;
    if (this.state !== 'signed-in' && this.state !== 'mfa-required') return;
    this.checking = true;
    try {
      const { error } = await this.client.auth.getUser();
      if (!error) return;
      if (this.isUnreachable(error)) return this.goOffline();
      const failure = authFailure(error, this.host);
      if (
        failure.code === ErrorCode.Unauthenticated ||
        (error as { status?: number }).status === 403 ||
        (error as { status?: number }).status === 401
      ) {
        this.sessionEnded(null);
      }
    } finally {
      this.checking = false;
    }
  }

  get project(): Project | null {
    return this.resolved.project;
  }

  private get host(): string {
    return this.project ? new URL(this.project.url).host : 'the server';
  }

  /** Loads the stored session (if any) and finds out whether the server answers. */
  async start(): Promise<void> {
    if (!this.project) return;
    const stored = await this.options.secrets.get(sessionKey(this.project));
    this.useClient(this.project);
    if (!stored) return;
    // Offline with a stored session: signed in, to be refreshed when the network is back.
    this.state = 'signed-in';
    const { data, error } = await this.client!.auth.getSession();
    if (data.session) {
      // A stored token may still be valid while the server is gone: find out, without holding up start.
      void probeProject(this.project, this.options.fetch, 5000).then(
        () => undefined,
        (failure: AppError) => failure.code === ErrorCode.Offline && this.goOffline(),
      );
      return this.adopt(data.session, false);
    }
    if (error && this.isUnreachable(error)) return this.goOffline();
    this.sessionEnded(error ? authFailure(error, this.host).message : null);
  }

  private useClient(project: Project) {
    this.unsubscribe?.();
    void this.client?.auth.stopAutoRefresh();
    this.client = createSupabase(project, this.options.secrets, this.options.fetch, this.retryAfter);
    const { data } = this.client.auth.onAuthStateChange((event, session) => {
      if (event === 'SIGNED_OUT' && !this.signingOut && !this.refreshingAfterOutage && this.state !== 'signed-out') {
        // The server ended the session (refresh refused): keep the workspace, ask to sign in.
        setTimeout(() => this.sessionEnded(null), 0);
      } else if (event === 'TOKEN_REFRESHED' && session) {
        setTimeout(() => this.adopt(session), 0);
      }
    });
    this.unsubscribe = () => data.subscription.unsubscribe();
  }

  private isUnreachable(error: unknown): boolean {
    return authFailure(error, this.host).code === ErrorCode.Offline;
  }

  /**
   * Takes a session the server issued (or the stored one: `answered` false, since a stored token
   * proves nothing about the network).
   */
  private adopt(session: Session, answered = true): void {
    const payload = claims(session.access_token);
    this.user = { id: session.user.id, email: session.user.email ?? '' };
    this.aal = payload?.aal === 'aal2' ? 'aal2' : 'aal1';
    this.hasTotp = (session.user.factors ?? []).some((f) => f.factor_type === 'totp' && f.status === 'verified');
    if (this.aal === 'aal2') this.secondFactorAsked = false;
    this.state = (this.hasTotp || this.secondFactorAsked) && this.aal !== 'aal2' ? 'mfa-required' : 'signed-in';
    this.message = this.state === 'mfa-required' && this.secondFactorAsked ? SECOND_FACTOR_WORDS : null;
    if (answered) this.setOnline(true);
    this.options.settings.update({ lastUser: this.user });
    this.options.onChange();
  }

  /**
   * The server wants a second factor for the open organization (push or pull answered
   * mfa_required, e.g. it was just turned on): the session asks for the code, as after a sign-in
   * with a factor, and sync goes on once it is verified.
   */
  secondFactorRequired(): void {
    if (this.state !== 'signed-in' || this.aal === 'aal2') return;
    this.secondFactorAsked = true;
    this.state = 'mfa-required';
    this.message = SECOND_FACTOR_WORDS;
    this.options.onChange();
  }

  private sessionEnded(reason: string | null) {
    if (this.state === 'signed-out') return;
    this.state = 'expired';
    this.aal = null;
    this.message = reason ?? 'Your session ended. Sign in again; your work on this computer is kept.';
    this.options.onChange();
  }

  private setOnline(online: boolean) {
    if (this.online === online) return;
    this.online = online;
    if (online) {
      if (this.probeTimer) clearTimeout(this.probeTimer);
      this.probeTimer = null;
      this.probeDelay = this.options.probeBackoffMs?.first ?? 1000;
      if (this.message?.startsWith('Cannot reach')) this.message = null;
    }
    this.options.onChange();
  }

  /** No answer from the server: work goes on locally; probe with backoff until it answers. */
  goOffline(): void {
    this.setOnline(false);
    this.scheduleProbe();
  }

  private scheduleProbe() {
    if (this.closed || this.probeTimer || !this.project) return;
    const delay = this.probeDelay;
    this.probeDelay = Math.min(this.probeDelay * 2, this.options.probeBackoffMs?.max ?? 30_000);
    this.probeTimer = setTimeout(() => {
      this.probeTimer = null;
      void this.probe();
    }, delay);
    this.probeTimer.unref?.();
  }

  /**
   * Asks /auth/v1/settings (which touches no session) whether the project answers; only then is a
   * signed-in session refreshed, so a server that is up but failing cannot end it.
   */
  private async probe(): Promise<void> {
    if (this.closed || !this.project || !this.client) return;
    try {
      await probeProject(this.project, this.options.fetch, 5000);
    } catch (error) {
      if ((error as AppError).code === ErrorCode.Offline) return this.scheduleProbe();
    }
    if (this.state === 'signed-in' || this.state === 'mfa-required') return this.refreshAfterOutage(this.project);
    this.setOnline(true);
  }

  /**
   * Refreshes the session once the project answers again. A 5xx answer (its database down behind
   * the auth server) says nothing about the session: it is kept, restored from the snapshot taken
   * before the call should supabase-js have dropped it, and tried again later. Only a refusal
   * (4xx: revoked, refresh token not valid) ends it.
   */
  private async refreshAfterOutage(project: Project): Promise<void> {
    const key = sessionKey(project);
    const snapshot = await this.options.secrets.get(key);
    this.refreshingAfterOutage = true;
    let result: Awaited<ReturnType<SupabaseClient['auth']['refreshSession']>>;
    try {
      result = await this.client!.auth.refreshSession();
    } finally {
      this.refreshingAfterOutage = false;
    }
    const { data, error } = result;
    if (data.session) return void this.adopt(data.session);
    if (this.closed) return;
    if (error && this.isUnreachable(error)) {
      if (snapshot && !(await this.options.secrets.get(key))) await this.options.secrets.set(key, snapshot);
      // A fresh client: the old one would answer its cached failure for a minute instead of asking.
      this.useClient(project);
      if (this.online) this.setOnline(false);
      return this.scheduleProbe();
    }
    this.setOnline(true);
    return this.sessionEnded(error ? authFailure(error, this.host).message : null);
  }

  status(activeOrgId: string, secrets: AccountStatus['secrets']): AccountStatus {
    const settings = this.options.settings.read();
    const signedIn = this.state !== 'signed-out';
    return {
      connection: this.resolved.connection,
      session: this.state,
      user: signedIn ? this.user : null,
      aal: signedIn ? this.aal : null,
      hasTotp: signedIn && this.hasTotp,
      online: this.online,
      memberships: signedIn ? settings.memberships : [],
      activeOrgId,
      secrets,
      message: this.message ?? this.resolved.problem ?? this.options.presetProblem ?? null,
      notice: settings.purgeNotice,
    };
  }

  /** The signed-in user (or, offline or expired, the last one): the actor of org changes. */
  currentUser(): User | null {
    return this.state === 'signed-out' ? null : this.user;
  }

  sessionState(): SessionState {
    return this.state;
  }

  assurance(): 'aal1' | 'aal2' | null {
    return this.state === 'signed-out' ? null : this.aal;
  }

  isOnline(): boolean {
    return this.online;
  }

  /**
   * The signed-in client, for the Realtime subscription of background sync (nudges only: it
   * carries the session's own token, which never leaves the core). Null when not signed in.
   */
  realtimeClient(): SupabaseClient | null {
    return this.state === 'signed-in' ? this.client : null;
  }

  private requireClient(): SupabaseClient {
    if (!this.client || !this.project) {
      throw new AppError(ErrorCode.Conflict, 'Connect to your organization’s Supabase project first (Settings → Organization).');
    }
    return this.client;
  }

  // ---- connection ----------------------------------------------------------------------------

  async connect(url: string, anonKey: string): Promise<void> {
    if (this.resolved.connection.locked) {
      throw new AppError(ErrorCode.Forbidden, 'The connection is managed by your organization and cannot be changed here.');
    }
    const project = checkProject(url, anonKey);
    await probeProject(project, this.options.fetch);
    if (this.project?.url !== project.url) await this.signOutLocally();
    this.options.settings.update({ mode: 'supabase', project });
    this.resolved = resolveConnection(this.options.presets, this.options.settings.read());
    this.useClient(project);
    this.setOnline(true);
    this.options.onChange();
  }

  async useLocal(): Promise<void> {
    if (this.resolved.connection.locked) {
      throw new AppError(ErrorCode.Forbidden, 'The connection is managed by your organization and cannot be changed here.');
    }
    await this.signOutLocally();
    this.options.settings.update({ mode: 'local', project: null, activeOrgId: null });
    this.resolved = resolveConnection(this.options.presets, this.options.settings.read());
    this.unsubscribe?.();
    void this.client?.auth.stopAutoRefresh();
    this.client = null;
    this.options.onChange();
  }

  // ---- sign-in ------------------------------------------------------------------------------

  async signIn(email: string, password: string): Promise<void> {
    const client = this.requireClient();
    const { data, error } = await client.auth.signInWithPassword({ email, password });
    if (error || !data.session) {
      if (error && this.isUnreachable(error)) this.goOffline();
      throw authFailure(error, this.host);
    }
    this.checkIssuedSession(data.session);
    this.adopt(data.session);
    if (this.state === 'signed-in') await this.firstMemberships();
  }

  /**
   * The first server call of a new session. A session the server refuses at once (a token signed
   * with another key) or a membership list the app cannot use leaves nobody signed in.
   */
  private async firstMemberships(): Promise<void> {
    try {
      await this.refreshMemberships();
    } catch (error) {
      if ((error as AppError).code === ErrorCode.Offline) return;
      await this.signOutLocally();
      if ((error as AppError).code === ErrorCode.Unauthenticated) {
        throw new AppError(
          ErrorCode.BadServerAnswer,
          'The server refused the session it had just issued (its signature is not valid). You are not signed in; tell IT.',
        );
      }
      throw error;
    }
  }

  /** A session whose token is already expired, or is not for the user it names, is refused. */
  private checkIssuedSession(session: Session) {
    const payload = claims(session.access_token);
    const now = Math.floor(Date.now() / 1000);
    const problem =
      !payload || typeof payload.exp !== 'number'
        ? 'its access token cannot be read'
        : payload.exp <= now
          ? 'it had already expired (check this computer’s date and time)'
          : payload.sub !== session.user.id
            ? 'it names another user than the one signed in'
            : null;
    if (problem) {
      void this.signOutLocally();
      throw new AppError(
        ErrorCode.BadServerAnswer,
        `The server issued a session the app cannot use: ${problem}. You are not signed in.`,
      );
    }
  }

  async verifyMfa(code: string): Promise<void> {
    const client = this.requireClient();
    const factors = await client.auth.mfa.listFactors();
    if (factors.error) throw authFailure(factors.error, this.host);
    const totp = factors.data.totp.find((f) => f.status === 'verified');
    if (!totp) {
      throw new AppError(
        ErrorCode.Conflict,
        'This account has no authenticator set up yet, so there is no code to enter: set one up (Settings → Account, or the sign-in form), then sync resumes.',
      );
    }
    const { error } = await client.auth.mfa.challengeAndVerify({ factorId: totp.id, code });
    if (error) throw authFailure(error, this.host);
    const { data } = await client.auth.getSession();
    if (data.session) this.adopt(data.session);
    await this.firstMemberships();
  }

  async signOut(): Promise<void> {
    const client = this.client;
    this.signingOut = true;
    try {
      // End the session on the server when it answers; locally in any case.
      if (client && this.online) await client.auth.signOut({ scope: 'local' }).catch(() => undefined);
      await this.signOutLocally();
    } finally {
      this.signingOut = false;
    }
  }

  private async signOutLocally(): Promise<void> {
    this.signingOut = true;
    try {
      if (this.project) await this.options.secrets.remove(sessionKey(this.project));
      if (this.client) await this.client.auth.signOut({ scope: 'local' }).catch(() => undefined);
    } finally {
      this.signingOut = false;
    }
    this.state = 'signed-out';
    this.aal = null;
    this.hasTotp = false;
    this.secondFactorAsked = false;
    this.message = null;
    this.options.settings.update({ lastUser: null, memberships: [], activeOrgId: null });
    this.user = null;
    this.options.onChange();
  }

  // ---- TOTP ---------------------------------------------------------------------------------

  async enrollTotp(): Promise<TotpEnrolment> {
    const client = this.requireSignedIn();
    // An unfinished enrolment from before would block a new one with the same name.
    const factors = await client.auth.mfa.listFactors();
    for (const f of factors.data?.all ?? []) {
      if (f.factor_type === 'totp' && f.status === 'unverified') await client.auth.mfa.unenroll({ factorId: f.id });
    }
    const { data, error } = await client.auth.mfa.enroll({ factorType: 'totp', friendlyName: `ComplyFlow ${Date.now()}` });
    if (error || !data) throw authFailure(error, this.host);
    if (data.type !== 'totp' || !/^otpauth:\/\/totp\//.test(data.totp.uri)) {
      throw new AppError(
        ErrorCode.BadServerAnswer,
        'The server answered the enrolment with something that is not a TOTP secret.',
      );
    }
    // The QR code is drawn here from the otpauth URI, not taken from the server's SVG.
    const qrCode = await QRCode.toDataURL(data.totp.uri, { errorCorrectionLevel: 'M', margin: 1 });
    return { factorId: data.id, qrCode, secret: data.totp.secret };
  }

  async confirmTotp(factorId: string, code: string): Promise<void> {
    const client = this.requireSignedIn();
    const { error } = await client.auth.mfa.challengeAndVerify({ factorId, code });
    if (error) throw authFailure(error, this.host);
    const { data } = await client.auth.refreshSession();
    if (data.session) this.adopt(data.session);
  }

  async removeTotp(): Promise<void> {
    const client = this.requireSignedIn();
    const factors = await client.auth.mfa.listFactors();
    if (factors.error) throw authFailure(factors.error, this.host);
    for (const f of factors.data.all.filter((f) => f.factor_type === 'totp')) {
      const { error } = await client.auth.mfa.unenroll({ factorId: f.id });
      if (error) throw authFailure(error, this.host);
    }
    const { data } = await client.auth.refreshSession();
    if (data.session) this.adopt(data.session);
  }

  private requireSignedIn(): SupabaseClient {
    const client = this.requireClient();
    if (this.state === 'signed-out' || this.state === 'expired') {
      throw new AppError(ErrorCode.Unauthenticated, 'Sign in first.');
    }
    if (!this.online) throw new AppError(ErrorCode.Offline, `This needs a connection to ${this.host}.`);
    return client;
  }

  // ---- server calls -------------------------------------------------------------------------

  /** Calls a server function as the signed-in user; its answer is unchecked data for the caller to parse. */
  async rpc(name: string, args: Record<string, unknown>): Promise<unknown> {
    const client = this.requireSignedIn();
    if (this.state === 'mfa-required')
      throw new AppError(ErrorCode.Unauthenticated, 'Enter the code from your authenticator first.');
    const { data, error, status } = await client.rpc(name, args);
    const retryAfter = retryAfterMs(this.retryAfter.take(`/rest/v1/rpc/${name}`), Date.now());
    if (!error) return data;
    const failure = rpcFailure(error, status, this.host, retryAfter);
    if (failure.code === ErrorCode.Offline && status === 0) this.goOffline();
    if (failure.code === ErrorCode.Unauthenticated) this.sessionEnded(failure.message);
    throw failure;
  }

  /**
   * Where and as whom the core calls the project's edge functions: the project and a current
   * access token (supabase-js refreshes an expired one). Throws when offline or signed out.
   */
  async functionAccess(): Promise<{ url: string; anonKey: string; accessToken: string }> {
    const client = this.requireSignedIn();
    if (this.state === 'mfa-required')
      throw new AppError(ErrorCode.Unauthenticated, 'Enter the code from your authenticator first.');
    const { data } = await client.auth.getSession();
    if (!data.session) throw new AppError(ErrorCode.Unauthenticated, 'Sign in first.');
    return { url: this.project!.url, anonKey: this.project!.anonKey, accessToken: data.session.access_token };
  }

  async refreshMemberships(): Promise<Membership[]> {
    const memberships = parseMemberships(await this.rpc('my_memberships', {}));
    this.options.settings.update({ memberships });
    this.options.onChange();
    return memberships;
  }

  /** Words for "cannot reach" when a caller needs the server and it is not there. */
  unreachable(error: unknown): AppError {
    return this.project ? unreachable(this.project.url, error) : new AppError(ErrorCode.Offline, 'No project is connected.');
  }

  close(): void {
    this.closed = true;
    if (this.probeTimer) clearTimeout(this.probeTimer);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.unsubscribe?.();
    void this.client?.auth.stopAutoRefresh();
  }
}
