/**
 * @tus/file-store's FileStore creates its folder with a fire-and-forget fs.mkdir whose callback
 * throws: when a test removes the folder before libuv gets to it (a short test on a busy
 * machine), that throw is an uncaught exception in an unrelated test. The folder is made here,
 * synchronously, and the store's own check is skipped.
 */
import { mkdirSync } from 'node:fs';
import { FileStore } from '@tus/file-store';

// @ts-expect-error checkOrCreateDirectory is private in FileStore's types; replacing it is the point.
class ReadyFileStore extends FileStore {
  override checkOrCreateDirectory(): void {}
}

export function createFileStore(directory: string): FileStore {
  mkdirSync(directory, { recursive: true });
  return new ReadyFileStore({ directory }) as unknown as FileStore;
}
