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

export interface Validator<T = unknown> {
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

/** The validators of one REST operation, as generated in `operationValidators`. */
export interface OperationValidators {
  path?: Validator;
  query?: Validator;
  headers?: Validator;
  body?: Validator;
  responses: { readonly [status: string]: { body?: Validator; headers?: Validator } };
}

/** The validators of one MQTT method, as generated in `methodValidators`: whole request and reply envelopes. */
export interface MethodValidators<Request = unknown, Reply = unknown> {
  request: Validator<Request>;
  reply: Validator<Reply>;
}

/**
 * Wraps a compiled validate function as a typed guard. `schemaPointer` is where the validated
 * schema sits in the spec; error schema paths relative to it (`#/…`) are placed below it.
 */
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

const FALSE_SCHEMA = 'false schema';

function toIssue(error: AjvError, schemaPointer: string): ValidationIssue {
  // Generated validators report absolute paths (`spec#/components/…`); a function compiled
  // from the validated schema alone reports `#/…`, relative to it.
  const hash = error.schemaPath.indexOf('#');
  let pointer = pointerOfFragment(hash < 0 ? error.schemaPath : error.schemaPath.slice(hash + 1));
  // ajv names a `false` schema's failure as if it were a keyword inside it; the schema is the place.
  if (error.keyword === FALSE_SCHEMA && pointer.endsWith(`/${FALSE_SCHEMA}`)) pointer = pointer.slice(0, -FALSE_SCHEMA.length - 1);
  return {
    path: error.instancePath,
    keyword: error.keyword,
    message: error.message ?? error.keyword,
    schemaPointer: hash > 0 ? pointer : schemaPointer + pointer,
    params: error.params,
  };
}

/** A URI fragment's JSON pointer: segments percent-decoded, their `~0`/`~1` escapes kept. */
function pointerOfFragment(fragment: string): string {
  return fragment
    .split('/')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    })
    .join('/');
}

/** `{ ok: true, value }` or `{ ok: false, issues }`, for callers that prefer results to guards. */
export function check<T>(validator: Validator<T>, value: unknown): { ok: true; value: T } | { ok: false; issues: readonly ValidationIssue[] } {
  return validator(value) ? { ok: true, value } : { ok: false, issues: validator.issues };
}

/** One line per issue, for error messages and logs. */
export function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((i) => `${i.path || '(root)'} ${i.message} [${i.keyword} at #${i.schemaPointer}]`).join('; ');
}
