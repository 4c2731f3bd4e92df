/**
 * The shape every generated validator has: a type guard that also keeps the structured issues
 * of its last failed call. Generated validator modules wrap ajv's standalone functions with
 * `guard`, so no schema is compiled (and nothing is `eval`ed) at run time.
 */

export interface ValidationIssue {
  /** JSON pointer into the validated value, '' for the value itself. */
  path: string;
  /** The JSON Schema keyword that failed, e.g. `required`, `type`, `pattern`. */
  keyword: string;
  message: string;
  /** JSON pointer of the failing keyword in the spec document, e.g. `/components/schemas/Error/required`. */
  schemaPointer: string;
  params: Record<string, unknown>;
}

export interface Validator<T> {
  (value: unknown): value is T;
  /** Issues of the most recent failed call (empty after a successful one). */
  readonly issues: readonly ValidationIssue[];
  /** JSON pointer of the validated schema in the spec document. */
  readonly schemaPointer: string;
}

/** The subset of an ajv standalone validate function that `guard` needs. */
export interface CompiledValidate {
  (value: unknown): boolean;
  errors?: AjvError[] | null;
}

export interface AjvError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** Wraps a compiled validate function as a typed guard; `basePointer` maps `#/…` schema paths into the spec. */
export function guard<T>(validate: CompiledValidate, schemaPointer: string): Validator<T> {
  let issues: readonly ValidationIssue[] = [];
  const check = ((value: unknown): value is T => {
    if (validate(value)) {
      issues = [];
      return true;
    }
    issues = (validate.errors ?? []).map((e) => toIssue(e, schemaPointer));
    return false;
  }) as Validator<T>;
  Object.defineProperty(check, 'issues', { get: () => issues });
  Object.defineProperty(check, 'schemaPointer', { value: schemaPointer });
  return check;
}

function toIssue(error: AjvError, schemaPointer: string): ValidationIssue {
  const schemaPath = error.schemaPath.startsWith('#') ? error.schemaPath.slice(1) : error.schemaPath;
  return {
    path: error.instancePath,
    keyword: error.keyword,
    message: error.message ?? error.keyword,
    // Paths inside a $ref'd schema are absolute URIs (`spec#/components/…`); keep only the pointer.
    schemaPointer: schemaPath.includes('#') ? schemaPath.slice(schemaPath.indexOf('#') + 1) : schemaPointer + schemaPath,
    params: error.params,
  };
}

/** `{ ok: true, value }` or `{ ok: false, issues }`, for callers that prefer results to guards. */
export function check<T>(validator: Validator<T>, value: unknown): { ok: true; value: T } | { ok: false; issues: readonly ValidationIssue[] } {
  return validator(value) ? { ok: true, value } : { ok: false, issues: validator.issues };
}

/** One line per issue, for error messages and logs. */
export function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((i) => `${i.path || '(root)'} ${i.message} [${i.keyword} at #${i.schemaPointer}]`).join('; ');
}
