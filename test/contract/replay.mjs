// Replays the requests Dredd sent through `prism proxy --errors` in front of the same server.
// Dredd does not check schema types; Prism does: any response that violates the spec comes back as a
// 500 listing the violations, and this script fails on it. Requests the spec itself calls invalid
// (the 400/413/415 transactions) may be refused by Prism before they reach the server; that is
// reported, not failed, since it shows the spec and the server agree they are invalid.
import { readFileSync } from 'node:fs';

const [recordFile, proxyUrl] = process.argv.slice(2);
const transactions = JSON.parse(readFileSync(recordFile, 'utf8'));
let passed = 0;
let failed = 0;

for (const t of transactions) {
  const res = await fetch(new URL(t.uri, proxyUrl), {
    method: t.method,
    headers: t.headers,
    body: ['GET', 'HEAD'].includes(t.method) ? undefined : t.body,
  });
  const text = await res.text();
  const violations = res.headers.get('sl-violations');
  const violated = res.status === 500 && (/VIOLATIONS/.test(text) || violations !== null);
  const refusedByPrism = res.status !== t.expectedStatus && [400, 413, 415].includes(t.expectedStatus) && res.status >= 400 && res.status < 500;
  if (violated) {
    failed += 1;
    console.error(`FAIL ${t.name}: the server's response violates the spec:\n  ${violations ?? text}`);
  } else if (res.status !== t.expectedStatus && !refusedByPrism) {
    failed += 1;
    console.error(`FAIL ${t.name}: expected ${t.expectedStatus}, got ${res.status}: ${text.slice(0, 300)}`);
  } else {
    passed += 1;
    console.log(`pass ${t.name}${refusedByPrism ? ` (Prism refused the invalid request itself: ${res.status})` : ''}`);
  }
}
console.log(`prism proxy --errors: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
