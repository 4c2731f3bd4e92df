import type { Emitter } from '../emitter.js';
import { renderReadme } from './render.js';
import { readmeView } from './view.js';

/**
 * `README.md`: the spec's reference page (operations or MQTT methods with parameters, bodies,
 * responses, error codes and examples, a usage snippet of the generated client, the error
 * catalogue and the named schemas), rendered from the IR with Handlebars templates.
 */
export const docsEmitter: Emitter = {
  id: 'docs',
  appliesTo: () => true,
  emit: (ir) => [{ path: 'README.md', kind: 'text', text: renderReadme(readmeView(ir)) }],
};
