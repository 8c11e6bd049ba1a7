import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { RequestHandler } from 'express';

const gzip = promisify(zlib.gzip);

interface Bundle {
  plain: Buffer;
  gzipped: Buffer;
  etag: string;
}

/** Web Chat's browser bundle as installed (node_modules/botframework-webchat/dist/webchat.js): no CDN. */
export function webChatBundlePath(): string {
  const main = createRequire(import.meta.url).resolve('botframework-webchat');
  return path.resolve(path.dirname(main), '..', 'dist', 'webchat.js');
}

/**
 * Serves the Web Chat bundle (about 4 MB) from memory, gzipped once for clients that accept it
 * (about a quarter of the size on a phone's connection), with an ETag for revalidation.
 */
export function webChatBundleHandler(file = webChatBundlePath()): RequestHandler {
  let bundle: Promise<Bundle> | undefined;
  const load = async (): Promise<Bundle> => {
    const plain = await fs.readFile(file);
    const gzipped = await gzip(plain, { level: 9 });
    return { plain, gzipped, etag: `"${createHash('sha256').update(plain).digest('base64url').slice(0, 27)}"` };
  };
  return async (req, res) => {
    bundle ??= load().catch((err: unknown) => {
      bundle = undefined;
      throw err;
    });
    const { plain, gzipped, etag } = await bundle;
    res.set({
      'Content-Type': 'application/javascript; charset=utf-8',
      'Cache-Control': 'public, max-age=86400',
      ETag: etag,
      Vary: 'Accept-Encoding',
      'X-Content-Type-Options': 'nosniff',
    });
    if (req.get('if-none-match') === etag) {
      res.status(304).end();
      return;
    }
    if (req.acceptsEncodings('gzip') === 'gzip') {
      res.set('Content-Encoding', 'gzip').send(gzipped);
    } else {
      res.send(plain);
    }
  };
}
