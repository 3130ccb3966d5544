// The Studio's entry (bundled by client/studio/build.mjs into studio.js). It talks only to the gateway
// that served it (same origin, under /api): the API key stays on the gateway.
import { createBatchClient, createEnrichClient } from '../src';
import { byId } from './dom';
import { setUpList } from './list';
import { setUpOptions } from './options';
import { setUpSingle } from './single';

const api = `${location.origin}/api`;
// One retry of a failed call to the gateway; the gateway does its own retries against the API.
const client = createEnrichClient({ baseUrl: api, retries: 1 });
const batch = createBatchClient({ baseUrl: api });

/** Tabs as the ARIA pattern has them: arrows move between tabs, only the selected one is in the tab order. */
function setUpTabs(): (name: 'single' | 'list') => void {
  const names = ['single', 'list'] as const;
  const select = (name: (typeof names)[number], focus = false) => {
    for (const other of names) {
      const tab = byId(`tab-${other}`);
      const selected = other === name;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
      byId(`panel-${other}`).hidden = !selected;
      if (selected && focus) tab.focus();
    }
  };
  for (const [index, name] of names.entries()) {
    const tab = byId(`tab-${name}`);
    tab.addEventListener('click', () => select(name));
    tab.addEventListener('keydown', (event) => {
      const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
      if (step !== 0) select(names[(index + step + names.length) % names.length]!, true);
    });
  }
  return select;
}

const select = setUpTabs();
const options = setUpOptions();
setUpSingle(client, options);
const list = setUpList(batch, options);
if (list.resume()) select('list');
