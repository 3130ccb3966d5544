import { stableHash } from '../../common/hash';
import type { BatchClient, BatchOutcome, Job } from '../src';
import { guessMapping, parseCsv, UPLOAD_COLUMNS, uploadCsv, type ColumnMapping } from './csv';
import { byId, h } from './dom';
import type { EnrichOptions } from './options';
import { watchJob, type JobWatch } from './progress';

/** Where the running job's id is kept, so a reload finds it again. */
export const JOB_KEY = 'enrich-studio-job';
const COLUMN_LABELS: Record<(typeof UPLOAD_COLUMNS)[number], string> = { id: 'Your id', email: 'Email', domain: 'Domain', company_name: 'Company name' };

interface PickedFile {
  readonly file: File;
  readonly rows: string[][];
  /** New each time a file is chosen: choosing the same file again starts a new job, a second click does not. */
  readonly choice: string;
}

/** What a refused batch call says, in a sentence. */
export function problemText(outcome: Exclude<BatchOutcome<Job>, { kind: 'ok' }>): string {
  if (outcome.kind === 'invalid') return outcome.errors.map((e) => `${e.pointer.replace('/body/', '')} ${e.detail}`).join('; ');
  return outcome.problem?.detail ?? `The gateway answered ${outcome.status}.`;
}

/** 64 random bits as hex: getRandomValues works on plain http too (a gateway reached by a LAN address), randomUUID does not. */
function randomToken(): string {
  return [...crypto.getRandomValues(new Uint32Array(2))].map((word) => word.toString(16).padStart(8, '0')).join('');
}

/**
 * The list view: a CSV dropped or chosen, its columns mapped to identifiers (guessed from the
 * header, editable), the job enqueued through the gateway's batch API as a CSV upload, then its
 * progress (progress.ts). The job id is kept in localStorage so a reload resumes watching it.
 */
export function setUpList(batch: BatchClient, options: EnrichOptions): { resume(): boolean } {
  const pick = byId('list-pick');
  const mapForm = byId<HTMLFormElement>('list-map');
  const mappingBox = byId('mapping');
  const error = byId('list-error');
  const input = byId<HTMLInputElement>('csv-file');
  const drop = byId('drop');
  let picked: PickedFile | null = null;
  let watch: JobWatch | null = null;

  function show(view: 'pick' | 'map' | 'job') {
    pick.hidden = view !== 'pick';
    mapForm.hidden = view !== 'map';
    byId('job').hidden = view !== 'job';
  }

  async function choose(file: File) {
    error.textContent = '';
    const rows = parseCsv(await file.text());
    if (rows.length < 2) {
      error.textContent = `${file.name} has no rows under its header.`;
      return;
    }
    picked = { file, rows, choice: randomToken() };
    const headers = rows[0]!;
    const guessed = guessMapping(headers);
    mappingBox.replaceChildren(
      ...UPLOAD_COLUMNS.map((column) => {
        const select = h('select', { id: `map-${column}`, name: column }, h('option', { value: '' }, '(none)'), ...headers.map((header, i) => h('option', { value: String(i) }, header || `column ${i + 1}`)));
        select.value = guessed[column] === null ? '' : String(guessed[column]);
        return h('div', {}, h('label', { for: `map-${column}` }, COLUMN_LABELS[column]), select);
      }),
    );
    byId('file-name').textContent = file.name;
    byId('file-rows').textContent = (rows.length - 1).toLocaleString('en');
    show('map');
    byId(`map-${UPLOAD_COLUMNS[1]}`).focus();
  }

  function mapping(): ColumnMapping {
    const read = (column: (typeof UPLOAD_COLUMNS)[number]) => {
      const value = byId<HTMLSelectElement>(`map-${column}`).value;
      return value === '' ? null : Number(value);
    };
    return { id: read('id'), email: read('email'), domain: read('domain'), company_name: read('company_name') };
  }

  function follow(job: Job) {
    localStorage.setItem(JOB_KEY, job.id);
    show('job');
    watch?.stop();
    watch = watchJob(batch, job, {
      gone: () => {
        localStorage.removeItem(JOB_KEY);
        show('pick');
      },
    });
  }

  async function enqueue() {
    if (picked === null) return;
    const map = mapping();
    if (map.email === null && map.domain === null && map.company_name === null) {
      error.textContent = 'Map at least one of Email, Domain or Company name to a column.';
      show('map');
      return;
    }
    error.textContent = '';
    const button = byId<HTMLButtonElement>('enqueue');
    button.disabled = true;
    try {
      const fields = options.fields();
      const floor = options.minConfidence();
      // The same choice of file, mapping and options give the same key: a second click or a retry after a
      // lost answer is the same job, not a second one.
      const idempotencyKey = `studio-${picked.choice}-${stableHash(JSON.stringify([map, fields, floor])).toString(16)}`;
      const outcome = await batch.upload(new Blob(uploadCsv(picked.rows, map), { type: 'text/csv' }), {
        contentType: 'text/csv',
        idempotencyKey,
        ...(fields !== undefined && { enrich: fields }),
        ...(floor !== undefined && { minConfidence: floor }),
      });
      if (outcome.kind === 'ok') follow(outcome.data);
      else {
        show('pick');
        error.textContent = `The list was not enqueued: ${problemText(outcome)}`;
      }
    } catch {
      show('pick');
      error.textContent = 'The gateway cannot be reached; the list was not enqueued.';
    } finally {
      button.disabled = false;
    }
  }

  input.addEventListener('change', () => {
    const file = input.files?.[0];
    if (file) void choose(file);
    input.value = '';
  });
  drop.addEventListener('dragover', (event) => {
    event.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (event) => {
    event.preventDefault();
    drop.classList.remove('over');
    const file = event.dataTransfer?.files[0];
    if (file) void choose(file);
  });
  // The label opens the file dialog on click; Enter and Space do the same from the keyboard.
  drop.tabIndex = 0;
  drop.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      input.click();
    }
  });
  mapForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void enqueue();
  });
  byId('list-reset').addEventListener('click', () => {
    picked = null;
    show('pick');
    drop.focus();
  });
  byId('job-new').addEventListener('click', () => {
    watch?.stop();
    localStorage.removeItem(JOB_KEY);
    picked = null;
    show('pick');
    drop.focus();
  });

  return {
    /** Watches the job a previous visit started, if any; true when there is one. */
    resume() {
      const id = localStorage.getItem(JOB_KEY);
      if (id === null) return false;
      void batch.job(id).then(
        (outcome) => {
          if (outcome.kind === 'ok') follow(outcome.data);
          else if (outcome.kind === 'problem' && outcome.status === 404) localStorage.removeItem(JOB_KEY);
          else error.textContent = `The last job could not be read: ${problemText(outcome)}`;
        },
        () => (error.textContent = 'The gateway cannot be reached to find the last job.'),
      );
      return true;
    },
  };
}
