import { crc32, deflateRawSync, deflateSync } from 'node:zlib';
import { z } from 'zod';

/** What the manifest's placeholders are filled with. */
export interface AppPackageSettings {
  /** The bot's Microsoft app id (MICROSOFT_APP_ID). */
  botId: string;
  /** The Teams app's own id (TEAMS_APP_ID); the bot id when unset, as Teams allows. */
  teamsAppId?: string;
  /** Where the bot is reached (PUBLIC_URL): the developer links and the valid domain. */
  publicUrl: string;
}

const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID (the Azure app registration id)');
const httpsUrl = z.url({ protocol: /^https$/ });

/** The parts of the Teams manifest schema (v1.22) this app uses, with the schema's limits. */
const manifestSchema = z.looseObject({
  $schema: z.string().includes('/v1.22/'),
  manifestVersion: z.literal('1.22'),
  version: z.string().regex(/^\d+\.\d+\.\d+$/),
  id: guid,
  developer: z.looseObject({ name: z.string().min(1).max(32), websiteUrl: httpsUrl, privacyUrl: httpsUrl, termsOfUseUrl: httpsUrl }),
  name: z.looseObject({ short: z.string().min(1).max(30), full: z.string().max(100).optional() }),
  description: z.looseObject({ short: z.string().min(1).max(80), full: z.string().min(1).max(4000) }),
  icons: z.object({ color: z.literal('color.png'), outline: z.literal('outline.png') }),
  accentColor: z.string().regex(/^#[0-9a-fA-F]{6}$/),
  bots: z
    .array(
      z.looseObject({
        botId: guid,
        scopes: z.array(z.enum(['personal', 'groupChat', 'team', 'copilot'])).min(1),
        commandLists: z
          .array(z.looseObject({ commands: z.array(z.object({ title: z.string().min(1).max(32), description: z.string().min(1).max(128) })).max(10) }))
          .optional(),
      }),
    )
    .length(1),
  validDomains: z.array(z.string().regex(/^[a-z0-9.-]+(:\d+)?$/i, 'a host name without scheme or path')).optional(),
});

/** The manifest template with its placeholders filled, validated; throws with every problem named. */
export function buildManifest(template: string, settings: AppPackageSettings): Record<string, unknown> {
  const url = new URL(settings.publicUrl);
  const values: Record<string, string> = {
    MICROSOFT_APP_ID: settings.botId,
    TEAMS_APP_ID: settings.teamsAppId ?? settings.botId,
    PUBLIC_URL: url.origin,
    PUBLIC_HOST: url.host,
  };
  const filled = template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`appPackage/manifest.json: unknown placeholder {{${name}}}`);
    return value;
  });
  const parsed = manifestSchema.safeParse(JSON.parse(filled));
  if (!parsed.success) {
    throw new Error(`The Teams manifest is not valid:\n${parsed.error.issues.map((i) => `  ${i.path.join('.') || 'manifest'}: ${i.message}`).join('\n')}`);
  }
  return parsed.data;
}

/** A square PNG of `size` pixels: a rounded badge in `rgb` (transparent corners), with a white check. */
export function iconPng(size: number, rgb: [number, number, number] | 'white'): Buffer {
  const rows: Buffer[] = [];
  const r = size / 2;
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) {
      const dx = x + 0.5 - r;
      const dy = y + 0.5 - r;
      const inside = dx * dx + dy * dy <= r * r * 0.92;
      // A check mark: two strokes, as distances from the segments.
      const u = (x + 0.5) / size;
      const v = (y + 0.5) / size;
      const stroke = 0.07;
      const onCheck = segmentDistance(u, v, 0.28, 0.52, 0.44, 0.68) < stroke || segmentDistance(u, v, 0.44, 0.68, 0.74, 0.34) < stroke;
      const o = 1 + x * 4;
      if (rgb === 'white') {
        // Outline icons are white on transparent (the Teams rule): the ring and the check.
        const ring = inside && dx * dx + dy * dy >= r * r * 0.7;
        if (ring || onCheck) row.fill(255, o, o + 4);
      } else if (inside) {
        const [cr, cg, cb] = onCheck ? [255, 255, 255] : rgb;
        row[o] = cr;
        row[o + 1] = cg;
        row[o + 2] = cb;
        row[o + 3] = 255;
      }
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', header), pngChunk('IDAT', deflateSync(Buffer.concat(rows))), pngChunk('IEND', Buffer.alloc(0))]);
}

function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const t = Math.max(0, Math.min(1, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
  return Math.hypot(px - (ax + t * (bx - ax)), py - (ay + t * (by - ay)));
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A ZIP archive (deflate, no directories) of `files`, as Teams' upload expects: the files at its root. */
export function zip(files: { name: string; data: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name, 'utf8');
    const compressed = deflateRawSync(file.data);
    const crc = crc32(file.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(0, 10); // time and date: none (reproducible packages)
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(file.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(file.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The app package: manifest.json and its two icons (color 192×192, outline 32×32). */
export function buildAppPackage(template: string, settings: AppPackageSettings): Buffer {
  const manifest = buildManifest(template, settings);
  return zip([
    { name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest, null, 2)) },
    { name: 'color.png', data: iconPng(192, [0x1e, 0x6f, 0xd9]) },
    { name: 'outline.png', data: iconPng(32, 'white') },
  ]);
}
