import type { Emitter } from './emitter.js';
import { arbitrariesEmitter } from './arbitraries/index.js';
import { docsEmitter } from './docs/index.js';
import { mqttClientEmitter } from './mqtt-client/index.js';
import { mqttHandlersEmitter } from './mqtt-handlers/index.js';
import { restClientEmitter } from './rest-client/index.js';
import { restServerEmitter } from './rest-server/index.js';
import { typesEmitter } from './types/index.js';
import { validatorsEmitter } from './validators/index.js';

/** Every emitter, in the order `specgen generate` runs them. */
export const emitters: readonly Emitter[] = [
  typesEmitter,
  validatorsEmitter,
  arbitrariesEmitter,
  restClientEmitter,
  restServerEmitter,
  mqttClientEmitter,
  mqttHandlersEmitter,
  docsEmitter,
];
