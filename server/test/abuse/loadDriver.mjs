// Runs in its own process (so the test runner's own work does not count in the figures): sends the
// POST /enrich bodies given in argv[3] (JSON) to the server at argv[2] all at once with the key in
// ENRICH_KEY, probes GET /health every 10 ms meanwhile, and prints the figures as one JSON line.
const [origin, bodiesJson] = process.argv.slice(2);
const bodies = JSON.parse(bodiesJson);
const health = [];
let running = true;
const probe = (async () => {
  while (running) {
    const started = performance.now();
    const res = await fetch(`${origin}/health`);
    await res.arrayBuffer();
    health.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
})();
const answers = await Promise.all(
  bodies.map(async (body) => {
    const started = performance.now();
    const res = await fetch(`${origin}/enrich`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${process.env.ENRICH_KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = await res.json();
    return { status: res.status, ms: performance.now() - started, warnings: json.meta?.warnings ?? null };
  }),
);
running = false;
await probe;
process.stdout.write(JSON.stringify({ answers, health }) + '\n');
