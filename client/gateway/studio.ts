import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';

/**
 * The Studio's policy: its own scripts, styles, images and API calls only. No inline script or style,
 * no eval, no other origin, not framed.
 */
export const STUDIO_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * Serves the built Studio (client/studio/build.mjs output: index.html, studio.js, studio.css) at `/`
 * under a strict CSP. The page is revalidated on every load (so a new build is seen at once); the
 * script and stylesheet are too, by ETag, since their names carry no content hash. When the Studio
 * is not built, `/` says how to build it. The CSP header is set on every gateway answer (app.ts).
 */
export function studioRoutes(dir: string | undefined): Router {
  const router = express.Router();
  const built = dir !== undefined && existsSync(path.join(dir, 'index.html'));
  if (!built) {
    router.get('/', (_req, res) => {
      res.status(503).type('text/plain').send('The Studio is not built: run `npm run build` (make gateway does).\n');
    });
    return router;
  }
  router.use(
    express.static(dir, {
      index: 'index.html',
      etag: true,
      lastModified: true,
      dotfiles: 'deny',
      redirect: false,
      setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache'),
    }),
  );
  return router;
}
