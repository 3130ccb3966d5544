// Runs in its own process (so the test runner's own work does not count in the figures): sends the
// rounds of POST /enrich bodies given in argv[3] (JSON: an array of rounds, each an array of bodies) to
// the server at argv[2] with the key in ENRICH_KEY, each round's bodies all at once and the next round
// when every answer of the last has come; probes GET /health every 5 ms meanwhile, and prints the figures
// as one JSON line. The driver's own fetch is readied first (its first call loads undici and cost ~45 ms
// here): that is the load generator starting, not the server answering.
const [origin, roundsJson] = process.argv.slice(2);
const rounds = JSON.parse(roundsJson);
await (await fetch(`${origin}/health`)).arrayBuffer();
const health = [];
let running = true;
const probe = (async () => {
  while (running) {
    const started = performance.now();
    const res = await fetch(`${origin}/health`);
    await res.arrayBuffer();
    health.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
})();
const answers = [];
for (const bodies of rounds) {
  answers.push(
    ...(await Promise.all(
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
    )),
  );
}
running = false;
await probe;
process.stdout.write(JSON.stringify({ answers, health }) + '\n');
