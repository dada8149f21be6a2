// What the stand-in Storage saw, for tests: every resumable-upload request with the offset the
// client claimed (Upload-Offset) and the one the server answered. Kept by the stack, so it
// outlives a gateway restart (gatewayDown / gatewayUp) like a hosted project's logs do.

export interface TusLogEntry {
  method: string;
  bucket: string | null;
  objectName: string | null;
  /** The request's Upload-Offset header (PATCH), as a number. */
  uploadOffset: number | null;
  /** The response's Upload-Offset header (PATCH, HEAD), as a number. */
  responseOffset: number | null;
  status: number;
  /** False when the connection closed before the answer was sent (a killed client). */
  answered: boolean;
}

export class StorageLog {
  readonly entries: TusLogEntry[] = [];

  record(entry: TusLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > 10_000) this.entries.shift();
  }

  /** The PATCH requests for one object, in order. */
  patches(objectName?: string): TusLogEntry[] {
    return this.entries.filter((e) => e.method === 'PATCH' && (objectName === undefined || e.objectName === objectName));
  }
}
