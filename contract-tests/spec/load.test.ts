import { describe, expect, it } from 'vitest';
import { loadIr } from '../../generator/ir/build.js';
import { loadSpecIr, SPEC_FILES } from './load.js';

describe('loadSpecIr', () => {
  it.each(Object.entries(SPEC_FILES))('builds the same IR as the linting loader for %s', async (_, file) => {
    const [fast, full] = await Promise.all([loadSpecIr(file), loadIr(file)]);
    expect(full.ir).toBeDefined();
    expect(fast).toEqual(full.ir);
  }, 30_000);

  it('names the problems of a spec it cannot use', async () => {
    await expect(loadSpecIr('/nonexistent/x.openapi.yaml')).rejects.toThrow(/x\.openapi\.yaml cannot be used:\n.*file-unreadable/);
  });
});
