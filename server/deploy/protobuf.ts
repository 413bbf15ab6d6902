/**
 * The few protobuf pieces a CRX3 header needs (length-delimited fields only), written by hand
 * so packing needs no dependency.
 */
export function varint(n: number): Buffer {
  const bytes: number[] = [];
  let v = n;
  while (v > 0x7f) {
    bytes.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  bytes.push(v);
  return Buffer.from(bytes);
}

/** A length-delimited field (wire type 2): tag, length, bytes. */
export function bytesField(field: number, value: Buffer): Buffer {
  return Buffer.concat([varint(field * 8 + 2), varint(value.length), value]);
}

export interface PbField {
  field: number;
  value: Buffer;
}

/** Parse length-delimited fields; other wire types are an error (CRX3 headers have none). */
export function parseFields(buf: Buffer): PbField[] {
  const out: PbField[] = [];
  let p = 0;
  const readVarint = (): number => {
    let result = 0;
    let mul = 1;
    for (;;) {
      if (p >= buf.length) throw new Error('truncated protobuf varint');
      const b = buf[p++]!;
      result += (b & 0x7f) * mul;
      if (!(b & 0x80)) return result;
      mul *= 128;
    }
  };
  while (p < buf.length) {
    const tag = readVarint();
    if ((tag & 7) !== 2) throw new Error(`unexpected protobuf wire type ${tag & 7}`);
    const len = readVarint();
    if (p + len > buf.length) throw new Error('truncated protobuf field');
    out.push({ field: Math.floor(tag / 8), value: buf.subarray(p, p + len) });
    p += len;
  }
  return out;
}
