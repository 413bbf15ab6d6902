import crypto from 'node:crypto';

/**
 * Chrome's extension id: the first 16 bytes of SHA-256 of the DER (SubjectPublicKeyInfo)
 * public key, written as 32 hex digits mapped 0-f -> a-p.
 */
export function extensionIdFromPublicKey(spkiDer: Buffer): string {
  return crxIdBytes(spkiDer)
    .toString('hex')
    .replace(/[0-9a-f]/g, (c) => String.fromCharCode(97 + parseInt(c, 16)));
}

/** The 16 raw bytes a CRX3 header signs as `crx_id`. */
export function crxIdBytes(spkiDer: Buffer): Buffer {
  return crypto.createHash('sha256').update(spkiDer).digest().subarray(0, 16);
}
