import crypto from 'node:crypto';
import { wechatSignature } from './signature';

/** WeChat pads to a multiple of 32 bytes (PKCS#7 with a 32-byte block), not AES's 16. */
const BLOCK = 32;

export class WeChatCryptoError extends Error {}

/**
 * The message encryption of WeChat's safe mode: AES-256-CBC with the key from the EncodingAESKey
 * and its first 16 bytes as IV; the plaintext is 16 random bytes, the message length (4 bytes, big
 * endian), the message and the app id, padded to 32 bytes.
 */
export class WeChatCrypto {
  private readonly keys: Buffer[];

  /** `previousKey` is tried after `encodingAesKey` while a key rotation is under way. */
  constructor(
    encodingAesKey: string,
    private readonly appId: string,
    previousKey?: string,
  ) {
    this.keys = [encodingAesKey, ...(previousKey ? [previousKey] : [])].map((k) => {
      const key = Buffer.from(`${k}=`, 'base64');
      if (key.length !== 32) throw new WeChatCryptoError('An EncodingAESKey must decode to 32 bytes.');
      return key;
    });
  }

  /** Encrypts a reply with the current key; `random` (16 bytes) is for reproducing published samples. */
  encrypt(message: string, random: Buffer = crypto.randomBytes(16)): string {
    if (random.length !== 16) throw new WeChatCryptoError('The random prefix is 16 bytes.');
    const body = Buffer.from(message, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length);
    const plain = Buffer.concat([random, length, body, Buffer.from(this.appId, 'utf8')]);
    const pad = BLOCK - (plain.length % BLOCK);
    const key = this.keys[0]!;
    const cipher = crypto.createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
    cipher.setAutoPadding(false);
    return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
  }

  /** Decrypts a push; refuses bad padding, a bad length field and an app id that is not ours. */
  decrypt(encrypted: string): string {
    const data = Buffer.from(encrypted, 'base64');
    if (data.length === 0 || data.length % 16 !== 0) throw new WeChatCryptoError('The encrypted message is not whole AES blocks.');
    let lastError: WeChatCryptoError | undefined;
    for (const key of this.keys) {
      try {
        return this.decryptWith(key, data);
      } catch (err) {
        lastError = err instanceof WeChatCryptoError ? err : new WeChatCryptoError('The message does not decrypt.');
      }
    }
    throw lastError ?? new WeChatCryptoError('The message does not decrypt.');
  }

  /** The reply envelope of safe mode, with its msg signature. */
  encryptedReply(message: string, token: string, timestamp: string, nonce: string): { encrypt: string; signature: string } {
    const encrypt = this.encrypt(message);
    return { encrypt, signature: wechatSignature(token, timestamp, nonce, encrypt) };
  }

  private decryptWith(key: Buffer, data: Buffer): string {
    const decipher = crypto.createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
    decipher.setAutoPadding(false);
    const plain = Buffer.concat([decipher.update(data), decipher.final()]);
    const pad = plain[plain.length - 1]!;
    if (pad < 1 || pad > BLOCK || pad > plain.length || !plain.subarray(plain.length - pad).every((b) => b === pad)) {
      throw new WeChatCryptoError('The decrypted message has bad padding.');
    }
    const content = plain.subarray(0, plain.length - pad);
    if (content.length < 20) throw new WeChatCryptoError('The decrypted message is too short.');
    const length = content.readUInt32BE(16);
    if (20 + length > content.length) throw new WeChatCryptoError('The decrypted message has a bad length field.');
    const appId = content.subarray(20 + length).toString('utf8');
    if (appId !== this.appId) throw new WeChatCryptoError('The decrypted message is for another app id.');
    return content.subarray(20, 20 + length).toString('utf8');
  }
}
