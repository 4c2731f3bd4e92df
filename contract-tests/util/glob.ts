/** `--operations` patterns: comma-separated globs (`*` any run of characters, `?` one character). */
export function globMatcher(patterns: string | undefined): (name: string) => boolean {
  if (patterns === undefined || patterns.trim() === '') return () => true;
  const regexes = patterns
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`));
  return (name) => regexes.some((r) => r.test(name));
}
