import type { Handler } from './types';

/** Swagger UI, served from the swagger-ui-dist package under /docs/assets: no CDN, no inline script. */
const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Enrich API reference</title>
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/assets/enrich-docs.js"></script>
</body>
</html>
`;

export function docsHandler(): Handler<'docs'> {
  return (_req, res) => {
    res.type('text/html').send(PAGE);
  };
}
