import { Hono } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import { ExtensionNotBuilt, type ExtensionPackager } from './extension-package';
import { updateManifestXml } from './update-manifest';

export const UPDATES_PATH = '/extension/updates.xml';
export const CRX_PATH = '/extension/esafety.crx';

export interface ExtensionRoutesOptions {
  /** Called on first use (loading the signing key may create it). */
  packager: () => ExtensionPackager;
  /** PUBLIC_URL if configured: the address devices use. */
  publicUrl: string | undefined;
  trustProxy: boolean;
}

/**
 * Self-hosted distribution: the update manifest a force-install policy points at, and the
 * signed CRX it names. Public (browsers fetch them before any device is enrolled); they hold
 * nothing secret.
 */
export function extensionRoutes(o: ExtensionRoutesOptions): Hono<{ Bindings: HttpBindings }> {
  const r = new Hono<{ Bindings: HttpBindings }>();

  const base = (ctx: { req: { url: string; header(name: string): string | undefined } }) => {
    if (o.publicUrl) return o.publicUrl.replace(/\/+$/, '');
    const url = new URL(ctx.req.url);
    const proto = o.trustProxy ? ctx.req.header('x-forwarded-proto')?.split(',')[0]?.trim() : undefined;
    return `${proto === 'https' || proto === 'http' ? proto : url.protocol.slice(0, -1)}://${url.host}`;
  };

  const notBuilt = (err: unknown) => {
    if (err instanceof ExtensionNotBuilt) return new Response(`${err.message}\n`, { status: 503, headers: { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '300' } });
    throw err;
  };

  r.get(UPDATES_PATH, (ctx) => {
    try {
      const packed = o.packager().current(`${base(ctx)}${UPDATES_PATH}`);
      const codebase = `${base(ctx)}${CRX_PATH}?v=${encodeURIComponent(packed.version)}`;
      return ctx.body(updateManifestXml({ extensionId: packed.id, version: packed.version, codebase }), 200, {
        'content-type': 'application/xml; charset=utf-8',
        'cache-control': 'no-cache',
      });
    } catch (err) {
      return notBuilt(err);
    }
  });

  r.get(CRX_PATH, (ctx) => {
    try {
      const packed = o.packager().current(`${base(ctx)}${UPDATES_PATH}`);
      return ctx.body(new Uint8Array(packed.crx), 200, {
        'content-type': 'application/x-chrome-extension',
        'content-disposition': 'attachment; filename="esafety.crx"',
        'last-modified': packed.builtAt.toUTCString(),
        'cache-control': 'no-cache',
      });
    } catch (err) {
      return notBuilt(err);
    }
  });

  return r;
}
