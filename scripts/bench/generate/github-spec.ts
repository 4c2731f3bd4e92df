import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The npm package that ships GitHub's REST description (OpenAPI 3.0), pinned so every run reads the same spec. */
export const OCTOKIT_OPENAPI = '@octokit/openapi';
export const OCTOKIT_OPENAPI_VERSION = '23.0.2';
const SPEC_IN_PACKAGE = 'package/generated/api.github.com.json';

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

export interface GithubSpec {
  file: string;
  bytes: number;
  operations: number;
  schemas: number;
  openapi: string;
}

/**
 * The path of `api.github.com.json` in `cacheDir`, fetched on first use with `npm pack` (the
 * tarball only: nothing is installed) and unpacked with `tar`. Throws with npm's own words when
 * the registry cannot be reached.
 */
export async function githubSpec(cacheDir: string): Promise<GithubSpec> {
  const dir = join(cacheDir, `octokit-openapi-${OCTOKIT_OPENAPI_VERSION}`);
  const file = join(dir, 'api.github.com.json');
  if (!existsSync(file)) {
    await mkdir(dir, { recursive: true });
    const spec = `${OCTOKIT_OPENAPI}@${OCTOKIT_OPENAPI_VERSION}`;
    const { stdout } = await run('npm', ['pack', spec, '--pack-destination', dir, '--silent'], { cwd: dir, timeout: 300_000 });
    const tarball = join(dir, stdout.trim().split('\n').pop()!);
    await run('tar', ['-xzf', tarball, '-C', dir, SPEC_IN_PACKAGE], { timeout: 120_000 });
    await rename(join(dir, SPEC_IN_PACKAGE), file);
    await rm(join(dir, 'package'), { recursive: true, force: true });
    await rm(tarball, { force: true });
  }
  const text = await readFile(file, 'utf8');
  const document = JSON.parse(text) as { openapi: string; paths: Record<string, Record<string, unknown>>; components?: { schemas?: object } };
  const operations = Object.values(document.paths).reduce((n, item) => n + Object.keys(item).filter((k) => HTTP_METHODS.has(k)).length, 0);
  return { file, bytes: Buffer.byteLength(text), operations, schemas: Object.keys(document.components?.schemas ?? {}).length, openapi: document.openapi };
}
