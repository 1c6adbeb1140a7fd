import { existsSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';

/** Vite names every file under assets/ by its content hash: a URL never changes meaning. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The built client: hashed assets served from their precompressed twins (scripts/precompress.mjs) when
 * the browser takes brotli or gzip, cached for a year as immutable; other files (icons, the zod-jitless
 * script) for an hour. index.html is not served here: the page routes send it with no-cache.
 */
export function staticAssets(clientDir: string): express.RequestHandler {
  const assetsDir = join(clientDir, 'assets');
  const plain = express.static(clientDir, {
    index: false,
    maxAge: '1h',
    setHeaders(res, path) {
      if (path.startsWith(assetsDir + sep)) res.setHeader('Cache-Control', IMMUTABLE);
    },
  });
  return (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !req.path.startsWith('/assets/')) {
      return plain(req, res, next);
    }
    const file = normalize(join(clientDir, decodeURIComponent(req.path)));
    if (!file.startsWith(assetsDir + sep)) return plain(req, res, next);
    // Brotli whenever the browser takes it (smaller), gzip otherwise, whatever order it lists them in.
    // (No Accept-Encoding at all means "anything" to negotiation; a client that says nothing gets the
    // plain file.)
    const asked = req.headers['accept-encoding'] !== undefined;
    const encoding = !asked
      ? ''
      : req.acceptsEncodings('br') === 'br'
        ? 'br'
        : req.acceptsEncodings('gzip') === 'gzip'
          ? 'gzip'
          : '';
    const suffix = encoding === 'br' ? '.br' : encoding === 'gzip' ? '.gz' : '';
    res.vary('Accept-Encoding');
    if (!suffix || !existsSync(file + suffix) || !statSync(file).isFile()) return plain(req, res, next);
    res.setHeader('Content-Encoding', encoding);
    res.setHeader('Cache-Control', IMMUTABLE);
    res.type(extname(file));
    res.sendFile(file + suffix, { cacheControl: false, lastModified: true }, (err) => {
      if (err) next(err);
    });
  };
}
