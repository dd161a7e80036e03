/** The human report: findings grouped by credential, each with its fix. */
import type { Finding } from '../findings.js';
import type { Style } from './style.js';

export interface TableInput {
  title: string;
  findings: readonly Finding[];
  /** Lines about what is fine, printed after the findings. */
  healthy?: string[];
  style: Style;
  width?: number;
}

export function renderTable(input: TableInput): string {
  const { style, findings } = input;
  const lines: string[] = [style.bold(input.title), ''];
  const groups = groupBy(
    findings,
    (item) => item.credential ?? (item.sweep ? `sweep ${item.sweep}` : `store ${item.store}`),
  );
  for (const [subject, items] of groups) {
    lines.push(style.bold(subject));
    const classWidth = Math.max(...items.map((item) => item.class.length));
    for (const item of items) {
      const mark = item.severity === 'error' ? style.red('✗ error  ') : style.yellow('! warning');
      const cls = item.class.padEnd(classWidth);
      lines.push(`  ${mark} ${cls}  ${style.dim(`[${item.store}]`)} ${item.message}`);
      lines.push(`  ${' '.repeat(9)} ${' '.repeat(classWidth)}  ${style.dim('fix:')} ${item.fix}`);
    }
    lines.push('');
  }
  for (const line of input.healthy ?? []) lines.push(`${style.green('✓')} ${line}`);
  if (input.healthy?.length) lines.push('');
  lines.push(summaryLine(findings, style));
  return `${lines.join('\n')}\n`;
}

export function summaryLine(findings: readonly Finding[], style: Style): string {
  const errors = findings.filter((item) => item.severity === 'error').length;
  const warnings = findings.length - errors;
  if (findings.length === 0) return style.green('All clear: no findings.');
  const text = `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
  return errors > 0 ? style.red(text) : style.yellow(text);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
