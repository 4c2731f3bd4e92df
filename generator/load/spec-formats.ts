import type * as AjvCore from 'ajv/dist/core.js';
import formatsModule from 'ajv-formats';

// ajv-formats is CommonJS; its plugin is also its own `default` property, whichever way it is imported.
const addFormats = formatsModule.default;

const INT32 = 2 ** 31;

/** JSON Schema formats (ajv-formats) plus the OpenAPI data-type formats, so none is "unknown". */
export function addSpecFormats<T extends AjvCore.default>(ajv: T): T {
  addFormats(ajv);
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -INT32 && n < INT32 });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('float', { type: 'number', validate: () => true });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  ajv.addFormat('binary', true);
  ajv.addFormat('password', true);
  return ajv;
}
