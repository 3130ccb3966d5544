// Summarises a V8 .cpuprofile (node --cpu-prof): self time per function and per package, so the
// notes in docs/BENCHMARKS.md name what limits a path from a measurement.
// Usage: node bench/profile-summary.mjs <file> [top] [skip seconds: start-up left out of the shares]
import { readFileSync } from 'node:fs';

const [file, topArg, skipArg] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const top = Number(topArg ?? 25);
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map();
const dt = profile.timeDeltas;
const skipUs = Number(skipArg ?? 0) * 1e6;
let at = 0;
profile.samples.forEach((id, i) => {
  at += dt[i] ?? 0;
  if (at >= skipUs) self.set(id, (self.get(id) ?? 0) + (dt[i] ?? 0));
});
const total = [...self.values()].reduce((a, b) => a + b, 0);
const where = (url) => {
  const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.includes('/server/src/')) return 'enrich:' + url.split('/server/src/')[1];
  return url.startsWith('node:') ? url : url === '' ? '(native/idle)' : url.replace(/^.*\//, '');
};
const fn = new Map();
const pkg = new Map();
for (const [id, time] of self) {
  const node = byId.get(id);
  const { functionName, url, lineNumber } = node.callFrame;
  const key = `${functionName || '(anonymous)'} ${where(url)}:${lineNumber + 1}`;
  fn.set(key, (fn.get(key) ?? 0) + time);
  const p = functionName === '(idle)' ? '(idle)' : functionName === '(garbage collector)' ? '(gc)' : where(url);
  pkg.set(p, (pkg.get(p) ?? 0) + time);
}
const pct = (t) => ((t / total) * 100).toFixed(1).padStart(5) + '%';
console.log('-- by package / file');
for (const [k, t] of [...pkg].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(pct(t), k);
console.log('-- by function');
for (const [k, t] of [...fn].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(pct(t), k);
