// The page's own script (CSP script-src 'self'): loads the client bundle and calls the gateway across origins.
import { createEnrichClient } from './browser.mjs';

const violations = [];
document.addEventListener('securitypolicyviolation', (event) => violations.push(`${event.violatedDirective} ${event.blockedURI}`));

const params = new URLSearchParams(location.search);
// No API key here: the gateway holds it. A budget above the gateway's own (2 s), which answers in time.
const gateway = createEnrichClient({ baseUrl: `${params.get('gw')}/api`, accountId: 'browser-acct', budgetMs: 4000 });
const offline = createEnrichClient({ baseUrl: params.get('dead'), retries: 0 });

const real = await gateway.enrich({ email: 'jane.doe@acme.io', enrich: ['first_name', 'business_email'] });
const mock = await offline.enrich({ email: 'paul.muller@greenpixel.de', enrich: ['first_name', 'company_name', 'country'] });
const invalid = await gateway.enrich({ email: 'not-an-email' });
const out = document.createElement('pre');
out.id = 'out';
out.textContent = JSON.stringify({
  real: { kind: real.kind, data: real.data, mock: real.meta?.mock, ...(real.reason && { reason: real.reason, problem: real.problem }) },
  mock: { kind: mock.kind, data: mock.data, reason: mock.reason },
  invalid: { kind: invalid.kind, pointers: invalid.errors?.map((e) => e.pointer) },
  violations,
});
document.body.append(out);
