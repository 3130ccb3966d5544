/**
 * The markup the fingerprints' HTML patterns are matched against: the page re-written from
 * htmlparser2's events, with every piece bounded so no pattern can cost more than linear time.
 *
 * The webappanalyzer HTML patterns are shaped like `<[^>]+class="…`: run over a raw page, each `<`
 * starts a scan to the next `>`. A page of `<meta ` repeated and no `>` made that quadratic (16 KiB
 * cost 0.8 s, 64 KiB 12.6 s, 256 KiB 204 s of a worker). Re-written here, a `<` only ever opens a
 * tag or a comment, every tag ends with `>` within MARKUP_LIMITS.token characters, and no line is
 * longer than MARKUP_LIMITS.line (so `.*` stops there too). Wappalyzer's own browser driver also
 * matches a truncated page.
 */
export const MARKUP_LIMITS = {
  /** A tag, a comment or a text run is cut here (real tags past 1 KiB are inline data, not fingerprints). */
  token: 1024,
  /** A line break is put between pieces once a line is this long. */
  line: 2048,
  /** What the patterns see in all; the head and the start of the body carry the fingerprints. */
  total: 256 * 1024,
} as const;

const ESCAPES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const escapeText = (value: string) => value.replace(/[<>]/g, (c) => ESCAPES[c]!);
const escapeAttribute = (value: string) => value.replace(/[<>"]/g, (c) => ESCAPES[c]!);
const cut = (value: string, size: number) => (value.length > size ? value.slice(0, size) : value);
/** Escaped, then cut: an escape makes a character four, so cutting first could overrun the limit. */
const bounded = (value: string, size: number) => cut(escapeText(cut(value, size)), size);

/** Collects the re-written markup piece by piece; `full` once the total is reached. */
export class MarkupWriter {
  private readonly pieces: string[] = [];
  private size = 0;
  private lineLength = 0;

  get full(): boolean {
    return this.size >= MARKUP_LIMITS.total;
  }

  openTag(name: string, attributes: Record<string, string>): void {
    let tag = `<${escapeText(name)}`;
    for (const [key, value] of Object.entries(attributes)) {
      if (tag.length >= MARKUP_LIMITS.token) break;
      tag += value === '' ? ` ${escapeText(key)}` : ` ${escapeText(key)}="${escapeAttribute(value)}"`;
    }
    this.push(`${cut(tag, MARKUP_LIMITS.token - 1)}>`);
  }

  closeTag(name: string): void {
    this.push(`</${bounded(name, MARKUP_LIMITS.token - 3)}>`);
  }

  text(data: string): void {
    this.push(bounded(data, MARKUP_LIMITS.token));
  }

  comment(data: string): void {
    this.push(`<!--${bounded(data, MARKUP_LIMITS.token - 7)}-->`);
  }

  toString(): string {
    return this.pieces.join('');
  }

  private push(piece: string): void {
    if (this.full) return;
    if (this.lineLength + piece.length > MARKUP_LIMITS.line) {
      this.pieces.push('\n');
      this.size += 1;
      this.lineLength = 0;
    }
    this.pieces.push(piece);
    this.size += piece.length;
    const newline = piece.lastIndexOf('\n');
    this.lineLength = newline === -1 ? this.lineLength + piece.length : piece.length - newline - 1;
  }
}
