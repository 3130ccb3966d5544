import type { EnrichMeta, FieldName, MockReason } from '../src/types';
import { age, h } from './dom';

/** One Server-Timing entry: a source's time, the API's total, the gateway's, or the cache hit. */
export interface TimingEntry {
  readonly name: string;
  readonly ms: number | null;
  readonly description?: string;
}

/** Reads a Server-Timing header (`store;dur=3.1, web;dur=120, total;dur=125, gateway;dur=130`). */
export function parseServerTiming(header: string | null | undefined): TimingEntry[] {
  if (!header) return [];
  return header.split(',').flatMap((part) => {
    const [name, ...params] = part.trim().split(';').map((piece) => piece.trim());
    if (!name) return [];
    let ms: number | null = null;
    let description: string | undefined;
    for (const param of params) {
      const [key, raw = ''] = param.split('=');
      if (key === 'dur' && Number.isFinite(Number(raw))) ms = Number(raw);
      if (key === 'desc') description = raw.replace(/^"|"$/g, '');
    }
    return [{ name, ms, ...(description !== undefined && { description }) }];
  });
}

/** What each mock reason means, in the user's words. */
const MOCK_REASONS: Record<MockReason, string> = {
  network: 'the Enrich API could not be reached',
  timeout: 'the Enrich API did not answer in time',
  api_5xx: 'the Enrich API failed',
  api_4xx: 'the Enrich API refused the gateway (check its key)',
  rate_limited: 'the rate limit was reached',
  circuit_open: 'the Enrich API failed several times in a row, so it is rested for a moment',
  invalid_response: 'the Enrich API answered something that breaks its contract',
  rollout: 'this account is not yet on the real API (gradual rollout)',
};

export interface CardAnswer {
  readonly data: Readonly<Record<string, string | null>>;
  readonly meta: EnrichMeta;
  readonly requested: readonly FieldName[];
  readonly timing: TimingEntry[];
}

const percent = (value: number) => `${Math.round(value * 100)}%`;
const label = (field: string) => field.replace(/_/g, ' ');

function matchLine(meta: EnrichMeta): string {
  const entity = (name: 'Person' | 'Company', match: EnrichMeta['match']['person']) =>
    match.found ? `${name} found by ${label(match.matched_on ?? 'identifier')}${match.confidence !== null ? ` (${percent(match.confidence)} sure)` : ''}` : `${name} not found`;
  return `${entity('Person', meta.match.person)} · ${entity('Company', meta.match.company)} · match ${meta.match.status}`;
}

/** Source bars laid out as they ran (the API consults its sources one after another), then the totals from zero. */
function waterfall(timing: TimingEntry[]): HTMLElement | null {
  const timed = timing.filter((entry) => entry.ms !== null) as Array<TimingEntry & { ms: number }>;
  if (timing.length === 0) return null;
  const span = Math.max(1, ...timed.map((entry) => entry.ms));
  let offset = 0;
  const rows = timing.map((entry) => {
    const whole = entry.name === 'total' || entry.name === 'gateway';
    const start = whole ? 0 : offset;
    if (!whole && entry.ms !== null) offset += entry.ms;
    const bar = h('span', { class: 'bar' });
    // CSSOM, not a style attribute: allowed under style-src 'self'.
    bar.style.left = `${(Math.min(start, span) / span) * 100}%`;
    bar.style.width = `${(Math.min(entry.ms ?? 0, span - Math.min(start, span)) / span) * 100}%`;
    return h('div', { class: 'bar-row' }, h('span', {}, entry.name), h('span', { class: 'bar-track', 'aria-hidden': 'true' }, bar), h('span', {}, entry.ms !== null ? `${entry.ms.toFixed(1)} ms` : (entry.description ?? '')));
  });
  return h('section', { class: 'timing', 'aria-label': 'Server timing' }, h('h3', {}, 'Timing (Server-Timing)'), ...rows);
}

/**
 * Fills the card with an answer in one synchronous pass (built off-document, attached once): each
 * requested field with its value or "unknown", source badge, confidence and age; the match; the
 * warnings; a plain mock notice with its reason and a retry button; the timing waterfall.
 */
export function renderCard(card: HTMLElement, answer: CardAnswer, onRetry: () => void): void {
  const { data, meta } = answer;
  const content = document.createDocumentFragment();
  const title = [data['first_name'], data['last_name']].filter(Boolean).join(' ') || data['company_name'] || 'No match';
  content.append(h('div', { class: 'card-head' }, h('h2', { id: 'card-title' }, title), h('span', { class: 'status' }, meta.cached ? 'from the cache' : '')));
  if (meta.mock) {
    const reason = meta.mock_reason ? MOCK_REASONS[meta.mock_reason] : 'the real API did not answer';
    const retry = h('button', { type: 'button', id: 'retry' }, 'Retry');
    retry.addEventListener('click', onRetry);
    content.append(h('p', { class: 'mock-note', id: 'mock-note', role: 'note' }, h('span', {}, h('strong', {}, 'Mock data, not real: '), `${reason}.`), retry));
  }
  content.append(h('p', { class: 'match', id: 'match' }, matchLine(meta)));
  if (meta.warnings.length > 0) content.append(h('ul', { class: 'warnings', 'aria-label': 'Warnings' }, ...meta.warnings.map((w) => h('li', {}, `${w.source}: ${w.detail}`))));
  const missing = new Set<string>(meta.missing);
  const body = h('tbody');
  for (const field of answer.requested) {
    const value = data[field] ?? null;
    const provenance = meta.fields[field];
    const known = value !== null && !missing.has(field);
    body.append(
      h(
        'tr',
        { 'data-field': field },
        h('th', { scope: 'row' }, label(field)),
        h('td', known ? {} : { class: 'unknown' }, known ? value : 'unknown'),
        h('td', { class: 'c-source' }, provenance && known ? h('span', { class: `badge ${provenance.source}` }, provenance.source) : ''),
        h('td', { class: 'c-conf' }, provenance && known ? h('meter', { min: '0', max: '1', value: String(provenance.confidence), title: percent(provenance.confidence), 'aria-label': `confidence ${percent(provenance.confidence)}` }) : ''),
        h('td', { class: 'c-age' }, provenance && known ? age(provenance.fetched_at) : ''),
      ),
    );
  }
  const head = h('thead', {}, h('tr', {}, ...['Field', 'Value', 'Source', 'Confidence', 'Age'].map((name, i) => h('th', { scope: 'col', class: ['', '', 'c-source', 'c-conf', 'c-age'][i] }, name))));
  content.append(h('table', { class: 'values', 'aria-labelledby': 'card-title' }, head, body));
  const timing = waterfall(answer.timing);
  if (timing) content.append(timing);
  card.replaceChildren(content);
  card.hidden = false;
}
