/** Reads and rewrites zips in tests (yauzl / yazl), to inspect a package and to tamper with one. */
import { createWriteStream } from 'node:fs';
import yauzl from 'yauzl';
import { ZipFile } from 'yazl';

export async function readZip(file: string): Promise<Map<string, Buffer>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true }, (e, z) => (e ? reject(e) : resolve(z))),
  );
  const files = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          files.set(entry.fileName, Buffer.concat(chunks));
          zip.readEntry();
        });
      });
    });
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  });
  return files;
}

/** `modes` sets an entry's Unix mode (e.g. 0o120777 for a symbolic link). */
export function writeZip(file: string, entries: Map<string, Buffer>, modes = new Map<string, number>()): Promise<void> {
  const zip = new ZipFile();
  for (const [name, bytes] of entries) zip.addBuffer(bytes, name, modes.has(name) ? { mode: modes.get(name) } : {});
  return new Promise((resolve, reject) => {
    const out = createWriteStream(file)
      .on('close', () => resolve())
      .on('error', reject);
    zip.outputStream.pipe(out);
    zip.end();
  });
}

/** Rewrites the zip with one byte of one entry flipped. */
export async function flipByte(source: string, target: string, entryName: string, offset = 0): Promise<void> {
  const entries = await readZip(source);
  const bytes = Buffer.from(entries.get(entryName)!);
  bytes[offset] = bytes[offset]! ^ 0xff;
  entries.set(entryName, bytes);
  await writeZip(target, entries);
}
