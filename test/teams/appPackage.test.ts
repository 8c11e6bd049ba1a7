import fs from 'node:fs';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildAppPackage, buildManifest } from '../../src/channels/teams/appPackage';

const template = fs.readFileSync(path.resolve('appPackage/manifest.json'), 'utf8');
const settings = { botId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', publicUrl: 'https://support.example.org/bot' };

/** The entries of a ZIP archive, read from its central directory as an unzip tool does. */
function unzip(archive: Buffer): Map<string, Buffer> {
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = archive.readUInt16LE(end + 10);
  let at = archive.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(archive.readUInt32LE(at)).toBe(0x02014b50);
    const size = archive.readUInt32LE(at + 20);
    const nameLength = archive.readUInt16LE(at + 28);
    const local = archive.readUInt32LE(at + 42);
    const name = archive.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const dataStart = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
    files.set(name, inflateRawSync(archive.subarray(dataStart, dataStart + size)));
    at += 46 + nameLength;
  }
  return files;
}

describe('the Teams app package', () => {
  it('zips a manifest with the configured bot id and host, and icons of the sizes Teams requires', () => {
    const files = unzip(buildAppPackage(template, settings));
    expect([...files.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8')) as {
      id: string;
      manifestVersion: string;
      bots: { botId: string; scopes: string[] }[];
      validDomains: string[];
    };
    expect(manifest.manifestVersion).toBe('1.22');
    expect(manifest.id).toBe(settings.botId);
    expect(manifest.bots[0]!.botId).toBe(settings.botId);
    expect(manifest.bots[0]!.scopes).toEqual(['personal', 'groupChat', 'team']);
    expect(manifest.validDomains).toEqual(['support.example.org']);
    for (const [name, size] of [['color.png', 192], ['outline.png', 32]] as const) {
      const png = files.get(name)!;
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
    }
  });

  it('refuses a bot id that is not a GUID and a non-https address, naming each', () => {
    const problems = () => buildManifest(template, { botId: 'my-bot', publicUrl: 'http://localhost:3978' });
    expect(problems).toThrow(/bots\.0\.botId: must be a GUID/);
    expect(problems).toThrow(/developer\.websiteUrl/);
  });
});
