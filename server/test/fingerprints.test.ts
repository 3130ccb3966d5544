import { detectTechnologies } from '../src/enrichment/fingerprints';

/**
 * The DNS source matches MX and TXT answers against the fingerprints on the event loop (pages go to
 * the page worker). A DNS message holds at most 64 KiB, so that is the most a hostile name server can
 * hand us: every DNS pattern over adversarial 64 KiB answers must stay far below a request's deadline.
 */
describe('DNS fingerprints over hostile answers', () => {
  beforeAll(() => detectTechnologies({})); // index the fingerprints once, outside the timed part

  it.each([
    ['one letter repeated', 'a'.repeat(65_536)],
    ['an SPF record of includes', `v=spf1 ${'include:'.repeat(8_000)}`],
    ['dots', '.'.repeat(65_536)],
    ['spaces', ' '.repeat(65_536)],
    ['label-dot pairs', 'x.'.repeat(32_768)],
    ['verification-looking noise', 'google-site-verification='.repeat(2_600)],
  ])('matches a 64 KiB answer of %s in well under 250 ms', (_name, answer) => {
    const started = performance.now();
    detectTechnologies({ dns: { txt: [answer], mx: [answer] } });
    expect(performance.now() - started).toBeLessThan(250);
  });
});
