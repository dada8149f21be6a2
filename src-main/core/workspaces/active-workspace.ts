/**
 * The workspace open now, and switching to another one: the next replica is opened before the
 * current one is closed, so a replica that cannot be opened leaves the user where they were.
 */
import { LOCAL_ORG_ID } from '../../../src-shared/domain/common';
import type { CoreDeps } from '../deps';
import { openWorkspace, type OpenWorkspace } from './open-workspace';

export class ActiveWorkspace {
  private current: OpenWorkspace;

  constructor(
    private readonly base: Omit<CoreDeps, 'db' | 'paths' | 'orgId'>,
    orgId: string,
  ) {
    this.current = openWorkspace(base, orgId);
    this.current.startSync();
  }

  get(): OpenWorkspace {
    return this.current;
  }

  get orgId(): string {
    return this.current.deps.orgId;
  }

  get isLocal(): boolean {
    return this.current.deps.orgId === LOCAL_ORG_ID;
  }

  /** Answers whether the workspace changed. */
  switchTo(orgId: string): boolean {
    if (orgId === this.current.deps.orgId) return false;
    const next = openWorkspace(this.base, orgId);
    this.current.close();
    this.current = next;
    next.startSync();
    return true;
  }

  close(): void {
    this.current.close();
  }
}
