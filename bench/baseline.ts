// The baseline: a bare Express 5 app answering a fixed JSON body (same Node, same run).
import express from 'express';

const app = express();
app.disable('x-powered-by');
const body = { first_name: 'Jane', last_name: 'Doe', meta: { mock: false } };
app.post('/enrich', express.json(), (_req, res) => {
  res.json(body);
});
const server = app.listen(Number(process.env['PORT'] ?? 0), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : ''}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
