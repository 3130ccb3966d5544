// Runs in its own process: sends argv[3] POST /enrich requests to the server at argv[2], each with a
// new X-Account-ID, 32 at a time over keep-alive connections, with the key in ENRICH_KEY. Prints the
// count of each status (or network error code) as one JSON line.
const [origin, countText] = process.argv.slice(2);
const count = Number(countText);
const statuses = {};
let next = 0;
const body = JSON.stringify({ email: 'someone@gmail.com', enrich: ['first_name'] });
async function loop() {
  while (next < count) {
    const id = `invented-${next}-${Math.random().toString(36).slice(2, 10)}@customer.example`;
    next += 1;
    try {
      const res = await fetch(`${origin}/enrich`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${process.env.ENRICH_KEY}`, 'Content-Type': 'application/json', 'X-Account-ID': id },
        body,
      });
      await res.arrayBuffer();
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    } catch (error) {
      // A keep-alive connection the server closed as it was reused; counted, not retried.
      const code = error.cause?.code ?? error.name;
      statuses[code] = (statuses[code] ?? 0) + 1;
    }
  }
}
await Promise.all(Array.from({ length: 32 }, loop));
process.stdout.write(JSON.stringify(statuses) + '\n');
