import crypto from 'node:crypto';
import { crxIdBytes, extensionIdFromPublicKey } from './extension-id';
import { bytesField, parseFields } from './protobuf';

/**
 * CRX3 (components/crx_file/crx3.proto):
 *   "Cr24" | uint32 LE 3 | uint32 LE header length | CrxFileHeader | ZIP archive
 * CrxFileHeader { repeated AsymmetricKeyProof sha256_with_rsa = 2; bytes signed_header_data = 10000; }
 * AsymmetricKeyProof { bytes public_key = 1; bytes signature = 2; }
 * SignedData { bytes crx_id = 1; }   (first 16 bytes of SHA-256 of the public key)
 * The RSA-SHA256 signature covers "CRX3 SignedData\0" | uint32 LE len(signed_header_data) |
 * signed_header_data | archive.
 */
const MAGIC = Buffer.from('Cr24', 'ascii');
const SIGNED_DATA_PREFIX = Buffer.from('CRX3 SignedData\x00', 'binary');
const F_RSA_PROOF = 2;
const F_SIGNED_HEADER_DATA = 10000;

function signedPayload(signedHeaderData: Buffer, archive: Buffer): Buffer[] {
  const len = Buffer.alloc(4);
  len.writeUInt32LE(signedHeaderData.length);
  return [SIGNED_DATA_PREFIX, len, signedHeaderData, archive];
}

export function packCrx3(archive: Buffer, privateKey: crypto.KeyObject): Buffer {
  const publicDer = crypto.createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const signedHeaderData = bytesField(1, crxIdBytes(publicDer));
  const signer = crypto.createSign('sha256');
  for (const part of signedPayload(signedHeaderData, archive)) signer.update(part);
  const signature = signer.sign(privateKey);
  const proof = Buffer.concat([bytesField(1, publicDer), bytesField(2, signature)]);
  const header = Buffer.concat([bytesField(F_RSA_PROOF, proof), bytesField(F_SIGNED_HEADER_DATA, signedHeaderData)]);
  const fixed = Buffer.alloc(8);
  fixed.writeUInt32LE(3, 0);
  fixed.writeUInt32LE(header.length, 4);
  return Buffer.concat([MAGIC, fixed, header, archive]);
}

export interface VerifiedCrx {
  extensionId: string;
  publicKeyDer: Buffer;
  archive: Buffer;
}

/**
 * Check a CRX3 the way Chrome does (magic, version, a proof whose key matches the signed
 * crx_id, a valid signature) and return its id and archive. Throws with the reason otherwise.
 */
export function verifyCrx3(crx: Buffer): VerifiedCrx {
  if (crx.length < 12 || !crx.subarray(0, 4).equals(MAGIC)) throw new Error('not a CRX file (bad magic)');
  const version = crx.readUInt32LE(4);
  if (version !== 3) throw new Error(`CRX version ${version} is not 3`);
  const headerLen = crx.readUInt32LE(8);
  if (12 + headerLen > crx.length) throw new Error('CRX header runs past the end of the file');
  const header = parseFields(crx.subarray(12, 12 + headerLen));
  const archive = crx.subarray(12 + headerLen);
  const signedHeaderData = header.find((f) => f.field === F_SIGNED_HEADER_DATA)?.value;
  if (!signedHeaderData) throw new Error('CRX header has no signed_header_data');
  const crxId = parseFields(signedHeaderData).find((f) => f.field === 1)?.value;
  if (!crxId || crxId.length !== 16) throw new Error('CRX signed header has no 16-byte crx_id');
  for (const proof of header.filter((f) => f.field === F_RSA_PROOF)) {
    const fields = parseFields(proof.value);
    const publicKeyDer = fields.find((f) => f.field === 1)?.value;
    const signature = fields.find((f) => f.field === 2)?.value;
    if (!publicKeyDer || !signature || !crxIdBytes(publicKeyDer).equals(crxId)) continue;
    const verifier = crypto.createVerify('sha256');
    for (const part of signedPayload(signedHeaderData, archive)) verifier.update(part);
    const key = crypto.createPublicKey({ key: publicKeyDer, format: 'der', type: 'spki' });
    if (!verifier.verify(key, signature)) throw new Error('CRX signature does not verify');
    return { extensionId: extensionIdFromPublicKey(Buffer.from(publicKeyDer)), publicKeyDer: Buffer.from(publicKeyDer), archive };
  }
  throw new Error('CRX has no RSA proof for its crx_id');
}
