/**
 * Secrets (credentials, issued tokens) never reach the output: every occurrence is replaced by a
 * shell variable reference such as `${GIZWITS_ENTERPRISE_SECRET}`, so a printed curl line still
 * works in a shell where the variable is set.
 */

export class Redactor {
  /** Longest first, so a secret containing another is replaced whole. */
  private secrets: [value: string, variable: string][] = [];

  /** `value` is shown as `${variable}`; values shorter than 4 characters are not worth hiding and would garble text. */
  add(value: string | undefined, variable: string): void {
    if (value === undefined || value.length < 4 || this.secrets.some(([v]) => v === value)) return;
    this.secrets.push([value, variable]);
    this.secrets.sort(([a], [b]) => b.length - a.length);
  }

  get size(): number {
    return this.secrets.length;
  }

  /** Splits `text` into literal parts and variable names: literals at even, variables at odd positions. */
  split(text: string): string[] {
    let parts = [text];
    for (const [value, variable] of this.secrets) {
      const next: string[] = [];
      parts.forEach((part, i) => {
        if (i % 2 === 1) return next.push(part);
        const pieces = part.split(value);
        pieces.forEach((piece, j) => {
          if (j > 0) next.push(variable);
          next.push(piece);
        });
      });
      parts = next;
    }
    return parts;
  }

  text(text: string): string {
    return this.split(text)
      .map((part, i) => (i % 2 === 1 ? `\${${part}}` : part))
      .join('');
  }

  /** A JSON-able value with every string redacted. */
  value<T>(value: T): T {
    if (this.secrets.length === 0 || value === undefined) return value;
    return JSON.parse(this.text(JSON.stringify(value))) as T;
  }
}
