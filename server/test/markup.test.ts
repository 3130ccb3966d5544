import fc from 'fast-check';
import { detectTechnologies } from '../src/enrichment/fingerprints';
import { analyzePage, readPage } from '../src/enrichment/page/analyze';
import { MARKUP_LIMITS } from '../src/enrichment/page/markup';

/**
 * The HTML fingerprints (`<[^>]+…`, `.*`) cost linear time only over markup where a `<` always opens
 * a tag or a comment that ends within a bounded length, and lines are bounded. A raw hostile page
 * (`<meta ` repeated, no `>`) made them quadratic: 64 KiB kept a worker busy 12.6 s, 1 MiB for hours.
 * These are the properties of the re-written markup that bound them, for any page.
 */
describe('the markup the HTML fingerprints are matched against', () => {
  // Pieces hostile pages are made of: unclosed tags, stray brackets, quotes, comments, long runs.
  const piece = fc.constantFrom('<', '>', '"', "'", '=', '<meta ', '<div class="', '</div>', '<!--', '-->', '<script>', '</script>', '\n', 'a', ' ', 'x'.repeat(700), '<a href="/_ui/');
  const page = fc.array(piece, { maxLength: 400 }).map((pieces) => pieces.join(''));

  it('opens a tag or a comment at every "<", closes every tag within the token limit and bounds every line', () => {
    fc.assert(
      fc.property(page, (html) => {
        const { markup } = readPage(html);
        for (let at = markup.indexOf('<'); at !== -1; at = markup.indexOf('<', at + 1)) {
          expect(markup.slice(at + 1, at + 2)).toMatch(/^[a-z/!]$/);
          const end = markup.indexOf('>', at);
          expect(end).toBeGreaterThan(at);
          expect(end - at).toBeLessThan(MARKUP_LIMITS.token + 8);
          expect(markup.slice(at + 1, end)).not.toContain('<');
        }
        for (const line of markup.split('\n')) expect(line.length).toBeLessThanOrEqual(MARKUP_LIMITS.line + MARKUP_LIMITS.token);
      }),
      // The comment that once overran the token limit (escapes made it longer after the cut).
      { numRuns: 300, examples: [[`<!--<${'x'.repeat(900)}</div>${'x'.repeat(900)}`]] },
    );
  });

  it('keeps at most the total limit of a 1 MiB page', () => {
    const { markup } = readPage(`<html><body>${'<p class="x">text</p>'.repeat(60_000)}</body></html>`);
    expect(markup.length).toBeLessThan(MARKUP_LIMITS.total + MARKUP_LIMITS.line);
    expect(markup.startsWith('<html><body><p class="x">text</p>')).toBe(true);
  });

  it('still shows the fingerprints of a real page: attributes, comments and script text', () => {
    const html = [
      '<!doctype html><html><head>',
      "<link rel='stylesheet' href='/wp-content/themes/x/style.css'>",
      '<!-- This site is optimized with the Yoast SEO plugin v21.1 -->',
      "<link rel='stylesheet' href='/wp-content/plugins/gravityforms/css/formsmain.min.css'>",
      '</head><body><div class="gform_wrapper" data-reactroot="">Hi</div>',
      '<script>window.Shopify = {}; Shopify.theme = {};</script>',
      '</body></html>',
    ].join('\n');
    const { markup } = readPage(html);
    expect(markup).toContain('<link rel="stylesheet" href="/wp-content/themes/x/style.css">');
    expect(markup).toContain('<!-- This site is optimized with the Yoast SEO plugin v21.1 -->');
    expect(markup).toContain('<div class="gform_wrapper" data-reactroot>Hi</div>');
    const technologies = analyzePage({ bytes: new TextEncoder().encode(html), headers: {} }).technologies;
    expect(technologies).toEqual(expect.arrayContaining(['WordPress', 'Yoast SEO', 'Gravity Forms']));
  });

  it('finds the same technologies in a page as the raw page did when the page is well-formed', () => {
    const html = `<html><head><meta name="generator" content="WordPress 6.4"><script src="https://www.googletagmanager.com/gtag/js?id=G-1"></script></head><body class="home"><!-- This site is optimized with the Yoast SEO plugin v21.1 --><ul id="f" class='gform_fields top_label'><li>x</li></ul></body></html>`;
    const fromMarkup = analyzePage({ bytes: new TextEncoder().encode(html), headers: {} }).technologies;
    const fromRaw = detectTechnologies({ html, meta: readPage(html).meta, scripts: readPage(html).scripts });
    expect(new Set(fromMarkup)).toEqual(new Set(fromRaw));
    expect(fromMarkup).toEqual(expect.arrayContaining(['WordPress', 'Yoast SEO', 'Gravity Forms', 'Google Analytics']));
  });
});
