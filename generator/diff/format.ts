import type { IrLocation } from '../ir/types.js';
import type { Change, ChangeCounts } from './change.js';
import type { DiffReport, VersionBump } from './diff.js';

export type DiffFormat = 'text' | 'json' | 'markdown';
export const DIFF_FORMATS: readonly DiffFormat[] = ['text', 'json', 'markdown'];

export function formatReport(report: DiffReport, format: DiffFormat): string {
  if (format === 'json') return JSON.stringify(report, null, 2);
  return format === 'markdown' ? markdownReport(report) : textReport(report);
}

/** `file:line:col`, or `-` when the change has no such side. */
export function locationText(location: IrLocation | undefined): string {
  return location ? `${location.file}:${location.line}:${location.col}` : '-';
}

/** One line per change, `LEVEL id  old → new  message`, then a summary. */
export function textReport(report: DiffReport): string {
  const lines = report.changes.map(
    (c) => `${c.level.toUpperCase().padEnd(8)} ${c.id}  ${locationText(c.old)} → ${locationText(c.new)}  ${c.message}`,
  );
  lines.push(`${countsText(report.counts, report.changes.length)}; suggested version bump: ${bumpText(report)}`);
  return lines.join('\n');
}

/** A heading, the counts and a table: fit for a pull-request comment. */
export function markdownReport(report: DiffReport): string {
  const { old: before, new: after } = report;
  const title = before.title === after.title ? after.title : `${before.title} → ${after.title}`;
  const lines = [
    `## API changes: ${cell(title)} ${cell(before.version)} → ${cell(after.version)}`,
    '',
    `${countsText(report.counts, report.changes.length, '**')}; suggested version bump: **${bumpText(report)}**`,
  ];
  if (report.changes.length === 0) return lines.join('\n');
  lines.push('', '| Level | Rule | Change | Old | New |', '| --- | --- | --- | --- | --- |');
  for (const change of report.changes) lines.push(markdownRow(change));
  return lines.join('\n');
}

function markdownRow(change: Change): string {
  const level = change.level === 'breaking' ? '**breaking**' : change.level;
  const where = (location: IrLocation | undefined) => (location ? `\`${cell(locationText(location))}\`` : '—');
  return `| ${level} | \`${change.id}\` | ${cell(change.message)} | ${where(change.old)} | ${where(change.new)} |`;
}

/** Table cells hold one line and no column separators or HTML. */
function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').replace(/</g, '&lt;');
}

function countsText(counts: ChangeCounts, total: number, strong = ''): string {
  const changes = `${total} change${total === 1 ? '' : 's'}`;
  if (total === 0) return `No changes`;
  const breaking = `${counts.breaking} breaking`;
  return `${changes}: ${counts.breaking > 0 ? `${strong}${breaking}${strong}` : breaking}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ${counts.info} info`;
}

function bumpText(report: DiffReport): string {
  const next = nextVersion(report.old.version, report.bump);
  return next === undefined ? report.bump : `${report.bump} (${report.old.version} → ${next})`;
}

/** The next semantic version after `version`, when it is one and something changed. */
export function nextVersion(version: string, bump: VersionBump): string | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  if (!match || bump === 'none') return undefined;
  const [major, minor, patch] = match.slice(1).map(Number) as [number, number, number];
  if (bump === 'major') return `${major + 1}.0.0`;
  return bump === 'minor' ? `${major}.${minor + 1}.0` : `${major}.${minor}.${patch + 1}`;
}
