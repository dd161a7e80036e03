/**
 * Writes a command's report in the format asked for, and the step summary when CI asks
 * for one. Every byte goes through the run's redactor.
 */
import { appendFileSync } from 'node:fs';
import type { RunContext } from '../context.js';
import { UserError } from '../errors.js';
import { countFindings, hasErrors, type Finding } from '../findings.js';
import { renderAnnotations, renderMarkdownSummary } from './github.js';
import { chooseStyle } from './style.js';
import { renderTable } from './table.js';

export type ReportFormat = 'table' | 'json' | 'github';

export interface Report {
  title: string;
  findings: Finding[];
  healthy?: string[];
  /** Fields the JSON form carries besides ok, counts and findings. */
  json?: Record<string, unknown>;
  /** Counts the JSON form merges into `counts`. */
  counts?: Record<string, number>;
}

export function parseFormat(options: Record<string, unknown>): ReportFormat {
  if (options.json === true) return 'json';
  const format = (options.format as string | undefined) ?? 'table';
  if (format === 'table' || format === 'json' || format === 'github') return format;
  throw new UserError(`--format ${format} is not a format tend knows`, {
    fix: 'Use --format table, --format json or --format github.',
  });
}

export function emitReport(ctx: RunContext, format: ReportFormat, report: Report): void {
  if (format === 'json') {
    const counts = { ...countFindings(report.findings), ...report.counts };
    const body = {
      ok: !hasErrors(report.findings),
      counts,
      ...report.json,
      findings: report.findings,
    };
    ctx.log.out(`${JSON.stringify(body, null, 2)}\n`);
  } else if (format === 'github') {
    ctx.log.out(renderAnnotations(report.findings));
  } else {
    const style = chooseStyle(ctx.env, process.stdout.isTTY === true);
    ctx.log.out(
      renderTable({
        title: report.title,
        findings: report.findings,
        healthy: report.healthy ?? [],
        style,
      }),
    );
  }
  appendStepSummary(ctx, report);
}

function appendStepSummary(ctx: RunContext, report: Report): void {
  const path = ctx.env.GITHUB_STEP_SUMMARY;
  if (!path) return;
  try {
    appendFileSync(path, ctx.log.redact(renderMarkdownSummary(report.title, report.findings)));
  } catch (error) {
    ctx.log.warn(`could not append to GITHUB_STEP_SUMMARY (${path}): ${(error as Error).message}`);
  }
}
