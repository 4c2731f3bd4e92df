/**
 * MQTT topic templates such as `thing/product/{gateway_sn}/requests`: fill them with parameter
 * values, turn them into subscription filters (`+` per parameter) and match concrete topics
 * against them. A parameter must fill a whole topic level, so that `+` can stand for it.
 */

export type TopicParams = Readonly<Record<string, string>>;

/** MQTT quality-of-service level of a publish or a subscription. */
export type Qos = 0 | 1 | 2;

/** DJI's request/reply topics, the defaults of the requester and the responder. */
export const DEFAULT_REQUEST_TOPIC = 'thing/product/{gateway_sn}/requests';
export const DEFAULT_REPLY_TOPIC = 'thing/product/{gateway_sn}/requests_reply';

export class TopicTemplateError extends Error {
  override readonly name = 'TopicTemplateError';
}

type Level = { kind: 'literal'; text: string } | { kind: 'param'; name: string };

const PARAM_LEVEL = /^\{([^{}]+)\}$/;

export class TopicTemplate {
  readonly template: string;
  /** Parameter names in the order they appear. */
  readonly params: readonly string[];
  /** The subscription filter: the template with `+` for each parameter. */
  readonly filter: string;
  private readonly levels: readonly Level[];

  constructor(template: string) {
    this.template = template;
    this.levels = template.split('/').map((text) => parseLevel(template, text));
    const names = this.levels.flatMap((l) => (l.kind === 'param' ? [l.name] : []));
    const repeated = names.find((n, i) => names.indexOf(n) !== i);
    if (repeated !== undefined) throw new TopicTemplateError(`topic template ${JSON.stringify(template)} uses parameter {${repeated}} twice`);
    this.params = names;
    this.filter = this.levels.map((l) => (l.kind === 'param' ? '+' : l.text)).join('/');
  }

  /** The concrete topic; every parameter needs a non-empty value without `/`, `+`, `#` or NUL. */
  fill(params: TopicParams): string {
    return this.levels
      .map((level) => {
        if (level.kind === 'literal') return level.text;
        const value = Object.hasOwn(params, level.name) ? params[level.name] : undefined;
        if (typeof value !== 'string') throw new TopicTemplateError(`topic parameter {${level.name}} is missing`);
        const problem = levelValueProblem(value);
        if (problem) throw new TopicTemplateError(`topic parameter {${level.name}} ${problem}: ${JSON.stringify(value)}`);
        return value;
      })
      .join('/');
  }

  /** The parameter values if `topic` is an instance of this template, otherwise undefined. */
  match(topic: string): Record<string, string> | undefined {
    const parts = topic.split('/');
    if (parts.length !== this.levels.length) return undefined;
    const entries: [string, string][] = [];
    for (const [i, level] of this.levels.entries()) {
      const part = parts[i] as string;
      if (level.kind === 'literal') {
        if (part !== level.text) return undefined;
      } else {
        if (levelValueProblem(part)) return undefined;
        entries.push([level.name, part]);
      }
    }
    return Object.fromEntries(entries);
  }
}

function parseLevel(template: string, text: string): Level {
  const param = PARAM_LEVEL.exec(text);
  if (param) return { kind: 'param', name: param[1] as string };
  if (/[{}]/.test(text)) {
    throw new TopicTemplateError(`topic template ${JSON.stringify(template)}: a parameter must fill a whole level, got ${JSON.stringify(text)}`);
  }
  if (/[+#\u0000]/.test(text)) {
    throw new TopicTemplateError(`topic template ${JSON.stringify(template)}: level ${JSON.stringify(text)} contains a wildcard or NUL`);
  }
  return { kind: 'literal', text };
}

function levelValueProblem(value: string): string | undefined {
  if (value === '') return 'is empty';
  if (/[/+#\u0000]/.test(value)) return "contains '/', '+', '#' or NUL";
  return undefined;
}
