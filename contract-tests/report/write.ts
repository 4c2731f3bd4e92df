/** `--report junit=PATH` and `--report json=PATH`: parse the flags, write the files. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { junitXml } from './junit.js';
import type { RunReport } from './model.js';

export type ReportFormat = 'junit' | 'json';

export interface ReportRequest {
  format: ReportFormat;
  path: string;
}

export class ReportFlagError extends Error {
  override readonly name = 'ReportFlagError';
}

export function parseReportFlags(values: readonly string[], cwd: string): ReportRequest[] {
  return values.map((value) => {
    const at = value.indexOf('=');
    const format = at < 0 ? value : value.slice(0, at);
    const path = at < 0 ? '' : value.slice(at + 1);
    if ((format !== 'junit' && format !== 'json') || path === '') throw new ReportFlagError(`--report takes junit=PATH or json=PATH, got ${JSON.stringify(value)}`);
    return { format, path: resolve(cwd, path) };
  });
}

export function renderReport(report: RunReport, format: ReportFormat): string {
  return format === 'junit' ? junitXml(report) : JSON.stringify(report, null, 2) + '\n';
}

export async function writeReports(report: RunReport, requests: readonly ReportRequest[]): Promise<void> {
  for (const request of requests) {
    await mkdir(dirname(request.path), { recursive: true });
    await writeFile(request.path, renderReport(report, request.format), 'utf8');
  }
}
