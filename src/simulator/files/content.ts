/**
 * The bytes of the simulated files. Each is a real, well-formed file of its type (a one-page
 * PDF, a PNG image, a CSV export, a plain-text note) so a client that saves or opens what
 * `/Files/{id}/Content` returns gets something a viewer accepts, and `Size` is its true length.
 */
import { crc32, deflateSync } from 'node:zlib';
import { renderPdf } from '../accounting/pdf.js';

/** The kinds of file the generator makes, with their MIME types. */
export const FILE_KINDS = {
  pdf: { mimeType: 'application/pdf' },
  png: { mimeType: 'image/png' },
  csv: { mimeType: 'text/csv' },
  txt: { mimeType: 'text/plain' },
} as const;

export type FileKind = keyof typeof FILE_KINDS;

/** A one-page PDF showing `lines`. */
export function pdfFile(lines: readonly string[]): Buffer {
  return renderPdf(lines);
}

/** A CSV file (RFC 4180: CRLF line ends, fields with a comma, quote or line break quoted). */
export function csvFile(rows: readonly (readonly (string | number)[])[]): Buffer {
  const field = (v: string | number): string => {
    const s = String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return Buffer.from(rows.map((r) => r.map(field).join(',')).join('\r\n') + '\r\n', 'utf8');
}

/** A UTF-8 text file. */
export function textFile(lines: readonly string[]): Buffer {
  return Buffer.from(`${lines.join('\n')}\n`, 'utf8');
}

/**
 * A small truecolour PNG that looks like a scanned receipt: a pale page with darker bands for
 * lines of print. `variant` shifts the tint and the band layout so the images differ.
 */
export function pngFile(variant: number, width = 24, height = 40): Buffer {
  const paper = [244 - (variant % 7) * 3, 240 - (variant % 5) * 4, 228 - (variant % 3) * 6];
  const ink = [60 + (variant % 4) * 10, 60, 70 + (variant % 6) * 8];
  const raw = Buffer.alloc(height * (1 + width * 3));
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 3);
    raw[row] = 0; // filter type: none
    const printed = y > 3 && y < height - 3 && (y + variant) % 4 === 0;
    const lineLength = 6 + ((y * 7 + variant * 3) % (width - 8));
    for (let x = 0; x < width; x++) {
      const colour = printed && x > 2 && x < lineLength ? ink : paper;
      raw.set(colour.map((c) => Math.max(0, Math.min(255, c))), row + 1 + x * 3);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit depth, truecolour, deflate, adaptive filtering, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}
