import type { IrLocation, IrSchemaRef, IrSpec } from '../../generator/ir/types.js';

/** Every IrSchemaRef and IrLocation in an IR (outside `document`), found structurally. */
export function collectRefs(ir: IrSpec): { schemaRefs: IrSchemaRef[]; locations: IrLocation[] } {
  const schemaRefs: IrSchemaRef[] = [];
  const locations: IrLocation[] = [];
  const visit = (value: unknown, key: string): void => {
    if (value === null || typeof value !== 'object' || key === 'document' || key === 'extensions' || key === 'value') return;
    if (Array.isArray(value)) return value.forEach((item) => visit(item, ''));
    const node = value as Record<string, unknown>;
    if (key === 'location' || (typeof node.line === 'number' && typeof node.pointer === 'string')) {
      locations.push(node as unknown as IrLocation);
      return;
    }
    if (typeof node.pointer === 'string' && 'location' in node) schemaRefs.push(node as unknown as IrSchemaRef);
    for (const [k, v] of Object.entries(node)) visit(v, k);
  };
  visit(ir, '');
  return { schemaRefs, locations };
}
