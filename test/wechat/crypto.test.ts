import { describe, expect, it } from 'vitest';
import { WeChatCrypto, WeChatCryptoError } from '../../src/channels/wechat/crypto';
import { signatureMatches, timestampIsFresh, wechatSignature } from '../../src/channels/wechat/signature';
import { parseWeChatXml } from '../../src/channels/wechat/xml';

/**
 * The sample values Tencent publishes with its message-encryption SDK (WXBizMsgCrypt: Sample.py for
 * decryption, WXBizMsgCryptTest.java for encryption with a fixed random prefix).
 */
const SAMPLE = {
  token: 'spamtest',
  encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  appId: 'wx2c2769f8efd9abc2',
  timestamp: '1409735669',
  nonce: '1320562132',
  msgSignature: '5d197aaffba7e9b25a30732f161a50dee96bd5fa',
  encrypt:
    'hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=',
};
const JAVA_SAMPLE = {
  appId: 'wxb11529c136998cb6',
  random: 'aaaabbbbccccdddd',
  message: '我是中文abcd123',
  encrypted: 'jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==',
};

describe('WeChat signatures', () => {
  it("match the msg_signature of WeChat's published sample", () => {
    expect(wechatSignature(SAMPLE.token, SAMPLE.timestamp, SAMPLE.nonce, SAMPLE.encrypt)).toBe(SAMPLE.msgSignature);
    expect(signatureMatches(SAMPLE.msgSignature.toUpperCase(), SAMPLE.msgSignature)).toBe(true);
    expect(signatureMatches(SAMPLE.msgSignature.replace(/.$/, '0'), SAMPLE.msgSignature)).toBe(false);
    expect(signatureMatches(undefined, SAMPLE.msgSignature)).toBe(false);
  });

  it('are stale once the timestamp is too far from now', () => {
    const now = 1_409_735_669_000;
    expect(timestampIsFresh(SAMPLE.timestamp, 300, now + 299_000)).toBe(true);
    expect(timestampIsFresh(SAMPLE.timestamp, 300, now + 301_000)).toBe(false);
    expect(timestampIsFresh('not-a-number', 300, now)).toBe(false);
  });
});

describe('WeChat message encryption', () => {
  it("decrypts WeChat's published sample push to its text message", () => {
    const fields = parseWeChatXml(new WeChatCrypto(SAMPLE.encodingAesKey, SAMPLE.appId).decrypt(SAMPLE.encrypt));
    expect(fields).toMatchObject({
      ToUserName: 'gh_10f6c3c3ac5a',
      FromUserName: 'oyORnuP8q7ou2gfYjqLzSIWZf0rs',
      MsgType: 'text',
      Content: 'abcdteT',
      MsgId: '6054768590064713728',
    });
  });

  it("encrypts exactly as WeChat's published sample does, given its random prefix", () => {
    const crypto = new WeChatCrypto(SAMPLE.encodingAesKey, JAVA_SAMPLE.appId);
    expect(crypto.encrypt(JAVA_SAMPLE.message, Buffer.from(JAVA_SAMPLE.random))).toBe(JAVA_SAMPLE.encrypted);
    expect(crypto.decrypt(JAVA_SAMPLE.encrypted)).toBe(JAVA_SAMPLE.message);
  });

  it('refuses a message for another app id', () => {
    expect(() => new WeChatCrypto(SAMPLE.encodingAesKey, 'wx0000000000000000').decrypt(SAMPLE.encrypt)).toThrow(/another app id/);
  });

  it('refuses what is not a WeChat ciphertext', () => {
    const crypto = new WeChatCrypto(SAMPLE.encodingAesKey, SAMPLE.appId);
    expect(() => crypto.decrypt('')).toThrow(WeChatCryptoError);
    expect(() => crypto.decrypt(Buffer.alloc(20).toString('base64'))).toThrow(WeChatCryptoError);
    expect(() => crypto.decrypt(Buffer.alloc(64, 7).toString('base64'))).toThrow(WeChatCryptoError);
  });

  it('decrypts with the previous key while the key is being rotated, and encrypts with the new one', () => {
    const newKey = 'ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut';
    const rotating = new WeChatCrypto(newKey, SAMPLE.appId, SAMPLE.encodingAesKey);
    expect(rotating.decrypt(SAMPLE.encrypt)).toContain('abcdteT');
    const reply = rotating.encrypt('<xml/>');
    expect(new WeChatCrypto(newKey, SAMPLE.appId).decrypt(reply)).toBe('<xml/>');
    expect(() => new WeChatCrypto(SAMPLE.encodingAesKey, SAMPLE.appId).decrypt(reply)).toThrow(WeChatCryptoError);
  });
});
