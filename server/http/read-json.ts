import type { Context } from 'hono';
import { MAX_MESSAGE_BYTES } from '../../shared/protocol/messages';
import { HttpError } from './errors';

/** Read a JSON body with a size limit and a clear 4xx for anything else. */
export async function readJson(ctx: Context, maxBytes = MAX_MESSAGE_BYTES): Promise<unknown> {
  const type = ctx.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) throw new HttpError(415, 'unsupported_media_type', 'send Content-Type: application/json');
  const declared = Number(ctx.req.header('content-length') ?? NaN);
  if (declared > maxBytes) throw new HttpError(413, 'too_large', `body larger than ${maxBytes} bytes`);
  const reader = ctx.req.raw.body?.getReader();
  if (!reader) throw new HttpError(400, 'bad_request', 'empty body');
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new HttpError(413, 'too_large', `body larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'malformed_json', 'body is not valid JSON');
  }
}
