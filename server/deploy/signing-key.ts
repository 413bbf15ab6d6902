import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { extensionIdFromPublicKey } from './extension-id';

export const SIGNING_KEY_FILE = 'extension-signing-key.pem';

export interface SigningKey {
  privateKey: crypto.KeyObject;
  publicKeyDer: Buffer;
  /** Base64 DER public key: the manifest `key` that gives an unpacked copy the same id. */
  manifestKey: string;
  extensionId: string;
  file: string;
}

/**
 * The school's extension signing key: generated once (RSA-2048, PKCS#8 PEM, mode 0600) in
 * DATA_DIR and reused for ever, because the extension id is derived from it and every
 * device's force-install policy names that id. Losing it means re-deploying the policy:
 * it is part of every backup (see server/backup).
 */
export function loadOrCreateSigningKey(dataDir: string): SigningKey {
  const file = path.join(dataDir, SIGNING_KEY_FILE);
  let pem: string;
  try {
    pem = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    fs.mkdirSync(dataDir, { recursive: true });
    const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const fresh = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    try {
      // 'wx': if another process (the CLI, a second collector) created it first, keep theirs.
      fs.writeFileSync(file, fresh, { flag: 'wx', mode: 0o600 });
      pem = fresh;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      pem = fs.readFileSync(file, 'utf8');
    }
  }
  let privateKey: crypto.KeyObject;
  try {
    privateKey = crypto.createPrivateKey(pem);
  } catch (err) {
    throw new Error(`${file} is not a readable private key (${String(err)}); restore it from a backup, or delete it to make a new extension id (every device policy must then be updated)`);
  }
  if (privateKey.asymmetricKeyType !== 'rsa') throw new Error(`${file} must hold an RSA key (CRX3 uses sha256_with_rsa)`);
  const publicKeyDer = crypto.createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  return { privateKey, publicKeyDer, manifestKey: publicKeyDer.toString('base64'), extensionId: extensionIdFromPublicKey(publicKeyDer), file };
}
