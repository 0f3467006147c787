/**
 * The FILES schema's procedures (cdata-xero-model.md §3.3): `DownloadFile` reads a file's content
 * (`GET /files.xro/1.0/Files/{FileId}/Content`, xero-api-endpoints.md §3) and writes it to a
 * local path, or returns it as base64 when no path is given. The commercial driver's download
 * procedure is not documented by name [inferred `DownloadFile`]; its parameters are ours.
 */
import { randomBytes } from 'node:crypto';
import { link, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ErrorCode, XeroSqlError } from '../errors.js';
import { defineProcedure } from './define-procedure.js';

const FILES_BASE = '/files.xro/1.0';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const downloadFile = defineProcedure({
  name: 'DownloadFile',
  description: "Downloads a file's content from the Files library: writes it to LocalPath, or returns it as base64.",
  schemas: ['FILES'],
  params: [
    { name: 'FileId', required: true, description: 'The file to download (Files.FileId).' },
    { name: 'LocalPath', required: false, description: 'Where to write the content; without it, FileData returns it as base64.' },
    { name: 'Overwrite', required: false, values: ['true', 'false'], default: 'false', description: 'Replace a file already at LocalPath.' },
    { name: 'TenantId', required: false, description: "The organisation (default: the connection's)." },
  ],
  outputs: [
    { name: 'Success', description: 'true when the content was read (and written).' },
    { name: 'FileId', description: 'The file downloaded.' },
    { name: 'MimeType', description: 'Its content type, as Xero sent it.' },
    { name: 'Size', description: 'Its size in bytes.' },
    { name: 'LocalPath', description: 'Where it was written (empty with FileData).' },
    { name: 'FileData', description: 'The content as base64, when no LocalPath was given.' },
  ],
  async run(ctx, args) {
    const fileId = args.FileId ?? '';
    if (!GUID.test(fileId)) {
      throw new XeroSqlError(ErrorCode.Procedure, `DownloadFile: @FileId must be a file id (a GUID such as the FileId column of Files), not "${fileId.slice(0, 40)}".`);
    }
    const api = ctx.api;
    if (!api) throw new XeroSqlError(ErrorCode.Procedure, 'DownloadFile needs a connection to Xero.');
    const target = args.LocalPath;
    const overwrite = args.Overwrite === 'true';
    // Check the destination before spending an API call on it.
    if (target !== undefined && !overwrite && (await exists(target))) {
      throw new XeroSqlError(ErrorCode.Procedure, `DownloadFile: ${target} already exists. Choose another @LocalPath, or pass @Overwrite = 'true' to replace it.`);
    }
    const tenantId = args.TenantId ?? (await api.tenantId());
    const res = await api.get({ path: `${FILES_BASE}/Files/${encodeURIComponent(fileId)}/Content`, tenantId, binary: true, expect404: true, scopes: ['files', 'files.read'] });
    if (res.status === 404) throw new XeroSqlError(ErrorCode.Procedure, `DownloadFile: there is no file ${fileId} in this organisation (see SELECT FileId, Name FROM Files).`);
    const bytes = res.bytes ?? Buffer.alloc(0);
    const row = { Success: 'true', FileId: fileId, MimeType: res.headers['content-type'] ?? null, Size: String(bytes.length) };
    if (target === undefined) return { ...row, LocalPath: null, FileData: bytes.toString('base64') };
    await writeNew(target, bytes, overwrite);
    return { ...row, LocalPath: target, FileData: null };
  },
});

export const FILES_PROCEDURES = [downloadFile] as const;

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes through a temporary file beside the target, so a failed download never leaves half a
 * file: renamed over the target with `overwrite`, else linked (which fails if the target
 * appeared meanwhile).
 */
async function writeNew(target: string, bytes: Buffer, overwrite: boolean): Promise<void> {
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.part`);
  try {
    await writeFile(temp, bytes, { flag: 'wx' });
    if (overwrite) await rename(temp, target);
    else await link(temp, target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'EEXIST'
        ? `${target} already exists (pass @Overwrite = 'true' to replace it)`
        : code === 'ENOENT'
          ? `the folder ${dirname(target)} does not exist`
          : code === 'EACCES' || code === 'EPERM'
            ? `no permission to write in ${dirname(target)}`
            : code === 'EISDIR'
              ? `${target} is a folder: give a file path`
              : `could not write ${target} (${code ?? (err as Error).message})`;
    throw new XeroSqlError(ErrorCode.Procedure, `DownloadFile: ${why}.`, { cause: err });
  } finally {
    await rm(temp, { force: true });
  }
}
