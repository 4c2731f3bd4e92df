import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { specNameOf } from '../load/spec.js';

/**
 * `manifest.json` of a generated folder: which spec (path and hash) and which generator produced
 * it, and the hash of every other file in the folder. `specgen generate --check` trusts a folder
 * whose manifest matches the spec, the generator and the files on disk without generating again.
 */
export const MANIFEST_FILE = 'manifest.json';

export interface Manifest {
  /** The spec path as it appears in the generated headers (relative, forward slashes). */
  spec: string;
  specSha256: string;
  generator: GeneratorIdentity;
  /** Every generated file but the manifest, sorted by path. */
  files: { path: string; sha256: string }[];
}

export interface GeneratorIdentity {
  name: string;
  version: string;
  /**
   * Hash of the generator's sources that shape the output (load, ir, emit, generate, runtime,
   * templates) and of its pinned dependencies. The version alone changes only on release, so
   * without this a changed emitter would leave stale output looking current. A folder written by
   * another build is compared in full (and is current when its files are the same).
   */
  sourceSha256: string;
}

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

const root = new URL('../../', import.meta.url);
/** Folders under generator/ whose files decide what is generated. */
const OUTPUT_SOURCES = ['load', 'ir', 'emit', 'generate', 'runtime'];

let identity: Promise<GeneratorIdentity> | undefined;

/** The generator's identity, computed once per process. */
export function generatorIdentity(): Promise<GeneratorIdentity> {
  identity ??= (async () => {
    const pkg = JSON.parse(await readFile(new URL('package.json', root), 'utf8')) as { name: string; version: string; dependencies?: Record<string, string> };
    const hash = createHash('sha256').update(JSON.stringify(sortedObject(pkg.dependencies ?? {})));
    const generatorDir = new URL('generator/', root);
    for (const folder of OUTPUT_SOURCES) {
      const dir = new URL(`${folder}/`, generatorDir);
      for (const path of await sourceFiles(dir)) {
        hash.update(`\0${folder}/${path}\0`);
        hash.update(await readFile(new URL(path, dir)));
      }
    }
    return { name: pkg.name, version: pkg.version, sourceSha256: hash.digest('hex') };
  })();
  return identity;
}

/** Files of a folder, recursively, tests excluded, as sorted relative paths with forward slashes. */
async function sourceFiles(dir: URL): Promise<string[]> {
  const path = fileURLToPath(dir);
  const entries = await readdir(path, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && !e.name.endsWith('.test.ts'))
    .map((e) => relative(path, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

function sortedObject(value: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The manifest text for a folder's files (which must not include the manifest itself). */
export async function manifestText(spec: string, specSha256: string, files: ReadonlyMap<string, string>): Promise<string> {
  const manifest: Manifest = {
    spec,
    specSha256,
    generator: await generatorIdentity(),
    files: [...files]
      .filter(([path]) => path !== MANIFEST_FILE)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([path, text]) => ({ path, sha256: sha256(text) })),
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** Why a generated folder is not known to be current from its manifest, or undefined when it is. */
export async function manifestMismatch(dir: string, spec: string, specText: string): Promise<string | undefined> {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')) as Manifest;
  } catch {
    return 'no readable manifest';
  }
  if (manifest.spec !== spec) return `made from ${String(manifest.spec)}, not ${spec}`;
  if (manifest.specSha256 !== sha256(specText)) return 'the spec changed';
  // Files a `$ref` pulls in are not in the manifest: such a spec is always compared in full.
  if (/\$ref["']?\s*:\s*["']?(?!#)[^\s"'#]/.test(specText)) return 'the spec has external $refs';
  const generator = await generatorIdentity();
  const made = manifest.generator ?? {};
  if (made.name !== generator.name || made.version !== generator.version || made.sourceSha256 !== generator.sourceSha256) return 'the generator changed';
  if (!Array.isArray(manifest.files)) return 'no file list';
  const onDisk = await listFiles(dir);
  const listed = manifest.files.map((f) => f.path);
  if (onDisk.join('\n') !== [...listed].sort().join('\n')) return 'files were added or removed';
  for (const file of manifest.files) {
    if (sha256(await readFile(join(dir, file.path))) !== file.sha256) return `${file.path} changed`;
  }
  return undefined;
}

/** Every file under `dir` but the manifest, sorted, forward slashes; none when `dir` is missing. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .filter((path) => path !== MANIFEST_FILE)
    .sort();
}

export interface ManifestCheck {
  file: string;
  /** The spec's folder name under the output folder. */
  name: string;
  /** Why the folder is not proven current; undefined when it is. */
  reason?: string;
  /** Files the folder holds, the manifest included, when it is current. */
  fileCount: number;
}

/** Checks each spec's generated folder against its manifest; reads the specs, generates nothing. */
export async function checkManifests(outDir: string, specs: readonly { file: string; shown: string }[]): Promise<ManifestCheck[]> {
  const checks: ManifestCheck[] = [];
  for (const { file, shown } of specs) {
    const name = specNameOf(file);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      checks.push({ file, name, reason: 'cannot read the spec', fileCount: 0 });
      continue;
    }
    const reason = await manifestMismatch(join(outDir, name), shown, text);
    const fileCount = reason === undefined ? (await listFiles(join(outDir, name))).length + 1 : 0;
    checks.push({ file, name, ...(reason !== undefined && { reason }), fileCount });
  }
  return checks;
}

/**
 * Whether the manifest on disk differs from the one just generated only in `generator`: the same
 * files from another generator build. That is no drift (a generator change that alters no output
 * needs no regenerating); it only means `--check` cannot take the manifest's word next time.
 */
export async function onlyGeneratorDiffers(dir: string, generatedManifest: string): Promise<boolean> {
  try {
    const onDisk = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')) as Record<string, unknown>;
    const fresh = JSON.parse(generatedManifest) as Record<string, unknown>;
    return JSON.stringify({ ...onDisk, generator: null }) === JSON.stringify({ ...fresh, generator: null });
  } catch {
    return false;
  }
}
