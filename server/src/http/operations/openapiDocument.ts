import type { Handler } from './types';

/** The contract this server validates against, byte for byte. */
export function openapiDocumentHandler(specText: string): Handler<'openapiDocument'> {
  return (_req, res) => {
    res.type('application/yaml').send(specText);
  };
}
