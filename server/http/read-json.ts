import type { Context } from 'hono';
import { MAX_MESSAGE_BYTES } from '../../shared/protocol/messages';
import { HttpError } from './errors';

/** Read a JSON body with a size limit and a clear 4xx for anything else. */
export async function readJson(ctx: Context, maxBytes = MAX_MESSAGE_BYTES): Promise<unknown> {
  const type = ctx.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) throw new HttpError(415, 'unsupported_media_type', 'send Content-Type: application/json');
  const declared = Number(ctx.req.header('content-length') ?? NaN);
  // The unread rest of the body is abandoned: close the connection so a client never sends its
  // next request on a socket we are about to drop.
  const tooLarge = () => (ctx.header('Connection', 'close'), new HttpError(413, 'too_large', `body larger than ${maxBytes} bytes`));
  if (declared > maxBytes) throw tooLarge();
  const reader = ctx.req.raw.body?.getReader();
  if (!reader) throw new HttpError(400, 'bad_request', 'empty body');
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch {
      // The client went away mid-body or broke its framing: its fault, not a server error.
      throw new HttpError(400, 'body_aborted', 'the request body was cut short or its framing was invalid');
    }
    const { done, value } = chunk;
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
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
