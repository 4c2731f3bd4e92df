import type { EmittedFile, Emitter } from '../emitter.js';
import { standaloneModule } from './compile.js';
import { STANDALONE, standaloneDeclarations, validatorsModule } from './module.js';
import { planValidators, type ModuleKind } from './plan.js';

/**
 * `validators.ts` plus ajv standalone code compiled at generation time: `validators.standalone.js`
 * (bodies, responses, messages, named schemas) and, when the spec has parameters or response
 * headers, `validators.params.standalone.js` (coercing strings to the schemas' types), each with
 * its `.d.ts`. Nothing is compiled or `eval`ed when the generated code runs.
 */
export const validatorsEmitter: Emitter = {
  id: 'validators',
  appliesTo: () => true,
  emit(ir) {
    const plan = planValidators(ir);
    const files: EmittedFile[] = [];
    for (const module of Object.keys(STANDALONE) as ModuleKind[]) {
      const targets = plan.targets[module];
      if (targets.length === 0) continue;
      const { file } = STANDALONE[module];
      files.push(
        { path: `${file}.js`, kind: 'text', text: standaloneModule(ir.document, targets, { coerce: module === 'coercing' }) },
        { path: `${file}.d.ts`, kind: 'ts', structure: standaloneDeclarations(plan, module) },
      );
    }
    files.push({ path: 'validators.ts', kind: 'ts', structure: validatorsModule(ir, plan) });
    return files;
  },
};
