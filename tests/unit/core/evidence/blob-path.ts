import path from 'node:path';

/** Where the blob store keeps a file, relative to its root (sha256/ab/cdef…). */
export const blobPath = (sha256: string) => path.join('sha256', sha256.slice(0, 2), sha256.slice(2));
