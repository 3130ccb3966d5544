import type { EnrichClient, EnrichInput, ProblemError } from '../src';
import { validateRequest } from '../src/validate';
import { parseServerTiming, renderCard } from './card';
import { byId } from './dom';
import type { EnrichOptions } from './options';

/** Inputs with an error line beside them, by the body member the API's pointers name. */
const FIELD_INPUTS: Record<string, string> = { email: 'email', domain: 'domain', company_name: 'company_name', deadline_ms: 'deadline' };
const LABELS: Record<string, string> = { email: 'Email', domain: 'Domain', company_name: 'Company name', deadline_ms: 'Deadline', min_confidence: 'Minimum confidence', enrich: 'Fields' };
/** Time the gateway may take beyond the deadline (its own retries and fallback) before this page gives up on it. */
const GATEWAY_MARGIN_MS = 3000;

type Body = Record<string, unknown>;

/** The single lookup: the form, the same validation as the API (messages beside each field), the answer card. */
export function setUpSingle(client: EnrichClient, options: EnrichOptions): void {
  const form = byId<HTMLFormElement>('single-form');
  const card = byId('card');
  const status = byId('single-status');
  const button = byId<HTMLButtonElement>('lookup');
  const formError = byId('form-error');

  function clearErrors() {
    formError.textContent = '';
    for (const [member, input] of Object.entries(FIELD_INPUTS)) {
      byId(`${member}-error`).textContent = '';
      byId(input).removeAttribute('aria-invalid');
    }
  }

  /** Shows each problem beside its field (or above the form) and focuses the first field in error. */
  function showErrors(errors: readonly ProblemError[]) {
    clearErrors();
    let first: HTMLElement | undefined;
    const general: string[] = [];
    for (const error of errors) {
      const member = error.pointer.split('/')[2] ?? '';
      const input = FIELD_INPUTS[member];
      if (input !== undefined) {
        const line = byId(`${member}-error`);
        line.textContent = `${line.textContent ? `${line.textContent} ` : ''}${LABELS[member]} ${error.detail}.`;
        byId(input).setAttribute('aria-invalid', 'true');
        first ??= byId(input);
      } else general.push(member ? `${LABELS[member] ?? member} ${error.detail}.` : `The lookup ${error.detail}.`);
    }
    formError.textContent = general.join(' ');
    (first ?? byId('email')).focus();
  }

  function readBody(): Body {
    const body: Body = {};
    for (const member of ['email', 'domain', 'company_name']) {
      const value = byId<HTMLInputElement>(member).value;
      if (value !== '') body[member] = value;
    }
    const fields = options.fields();
    if (fields !== undefined) body['enrich'] = fields;
    const floor = options.minConfidence();
    if (floor !== undefined) body['min_confidence'] = floor;
    const deadline = byId<HTMLInputElement>('deadline').value.trim();
    if (deadline !== '') body['deadline_ms'] = Number(deadline);
    return body;
  }

  async function lookUp(body: Body) {
    const errors = validateRequest(body);
    if (errors !== null) return showErrors(errors);
    clearErrors();
    button.disabled = true;
    card.setAttribute('aria-busy', 'true');
    status.textContent = 'Enriching…';
    const deadline = typeof body['deadline_ms'] === 'number' ? body['deadline_ms'] : 1500;
    try {
      const outcome = await client.enrich(body as EnrichInput, { budgetMs: deadline + GATEWAY_MARGIN_MS });
      // The answer is here: the card is built and attached in this same task (measured by the browser test).
      performance.mark('studio:answer');
      if (outcome.kind === 'invalid') {
        showErrors(outcome.errors);
        status.textContent = '';
      } else if (outcome.kind === 'error') {
        status.textContent = `The lookup failed: ${outcome.reason}.`;
      } else {
        const timing = outcome.kind === 'real' ? parseServerTiming(outcome.serverTiming) : [];
        renderCard(card, { data: outcome.data, meta: outcome.meta, requested: options.requested(), timing }, () => void lookUp(body));
        status.textContent = outcome.meta.mock ? 'Answered with mock data.' : 'Done.';
      }
      performance.measure('studio:render', 'studio:answer');
    } finally {
      button.disabled = false;
      card.setAttribute('aria-busy', 'false');
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void lookUp(readBody());
  });
}
