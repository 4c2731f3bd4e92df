/** Sequences of calls keep the target in step with a model of the spec (fast-check commands). */
import { skip, type Check } from './types.js';

export const statefulModelConformance: Check = {
  id: 'stateful_model_conformance',
  description: 'Random sequences of calls (device groups, bindings, dock binding) give the answers a model of the spec predicts; failures shrink to a minimal sequence.',
  appliesTo: 'both',
  scope: 'sequence',
  run: (context) => (context.scope === 'sequence' ? context.runModel() : skip('not a sequence')),
};
