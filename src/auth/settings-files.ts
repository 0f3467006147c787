/**
 * File operations for the settings and key files, written so that a crash at any instant leaves
 * either the old file or the new one, never a mix: new contents go to a private temp file that is
 * fsynced and then renamed over the target, and the folder is fsynced so the rename itself
 * survives a power cut. Everything is created owner-only (files 0600, folders 0700).
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Creates `dir` (and missing parents) readable by the owner only. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
}

/** The file's bytes, or undefined when it does not exist. Larger than `maxBytes` is an error. */
export async function readSmallFile(path: string, maxBytes: number): Promise<Buffer | undefined> {
  try {
    const size = (await stat(path)).size;
    if (size > maxBytes) throw Object.assign(new Error(`larger than ${maxBytes} bytes`), { code: 'EFBIG' });
    return await readFile(path);
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return undefined;
    throw err;
  }
}

/** Replaces `path` with `text` atomically (temp file, fsync, rename, fsync of the folder), mode 0600. */
export async function replaceFileAtomically(path: string, text: string): Promise<void> {
  const temp = tempPathFor(path);
  try {
    await writeDurably(temp, text, 'wx');
    await renameReplacing(temp, path);
  } catch (err) {
    await discard(temp);
    throw err;
  }
  await fsyncDir(dirname(path));
}

/**
 * Creates `path` with `text` only if it does not exist yet; returns false when it already did.
 * The contents are written to a temp file first and hard-linked into place, so a racing reader
 * sees the whole file or none: never the empty file an exclusive `open` shows before its write.
 */
export async function createFileExclusively(path: string, text: string): Promise<boolean> {
  const temp = tempPathFor(path);
  try {
    await writeDurably(temp, text, 'wx');
    try {
      await link(temp, path);
    } catch (err) {
      const code = errorCode(err);
      if (code === 'EEXIST') return false;
      // Some file systems (FAT, some network shares) have no hard links: fall back to an
      // exclusive create, which is still exclusive, only not all-or-nothing for readers.
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw err;
      try {
        await writeDurably(path, text, 'wx');
      } catch (fallbackErr) {
        if (errorCode(fallbackErr) === 'EEXIST') return false;
        throw fallbackErr;
      }
    }
  } finally {
    await discard(temp);
  }
  await fsyncDir(dirname(path));
  return true;
}

/** Deletes `path` (no error when it is already gone) and makes the deletion durable. */
export async function removeDurably(path: string): Promise<void> {
  await removeQuietly(path);
  await fsyncDir(dirname(path));
}

/**
 * Deletes temp files of `path` left by a writer killed between creating and renaming one. Only
 * called while holding the settings lock: every writer holds it while its temp file exists, so
 * any temp file seen then belongs to a writer that died (or lost the lock, and will be refused).
 */
export async function sweepOrphanTemps(path: string): Promise<void> {
  const dir = dirname(path);
  const pattern = new RegExp(`^${escapeRegExp(basename(path))}\\.\\d+\\.[0-9a-f]+\\.tmp$`);
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names.filter((n) => pattern.test(n))) await discard(join(dir, name));
}

/** The `code` of a Node.js system error, if any. */
export function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string' ? (err as { code: string }).code : undefined;
}

function tempPathFor(path: string): string {
  return `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
}

async function writeDurably(path: string, text: string, flag: 'wx'): Promise<void> {
  const handle = await open(path, flag, 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * On Windows a rename over a file another process has open (an antivirus scan, a concurrent
 * reader) fails briefly with EPERM/EACCES/EBUSY; retry for a moment as graceful-fs does.
 */
async function renameReplacing(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await rename(from, to);
      return;
    } catch (err) {
      const code = errorCode(err);
      const transient = process.platform === 'win32' && (code === 'EPERM' || code === 'EACCES' || code === 'EBUSY');
      if (!transient || attempt >= 20) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** fsyncs a folder so a rename or unlink in it is durable. Not possible on Windows, where it is skipped. */
async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function removeQuietly(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (err) {
    if (errorCode(err) !== 'ENOENT') throw err;
  }
}

/** Best-effort removal of a temp file while another outcome (success or the real error) is reported. */
async function discard(path: string): Promise<void> {
  await unlink(path).catch(() => undefined);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
