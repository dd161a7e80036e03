/**
 * Workflow-command annotations (`::error title=…::…`), which GitHub Actions and Gitea
 * Actions both render, and the Markdown job summary for `$GITHUB_STEP_SUMMARY`.
 */
import type { Finding } from '../findings.js';

export function renderAnnotations(findings: readonly Finding[]): string {
  return findings
    .map((item) => {
      const subject = item.credential ?? item.sweep ?? 'tend';
      const title = escapeProperty(`tend ${item.class}: ${subject} [${item.store}]`);
      const text = escapeData(`${item.message}. Fix: ${item.fix}`);
      return `::${item.severity} title=${title}::${text}\n`;
    })
    .join('');
}

export function renderMarkdownSummary(title: string, findings: readonly Finding[]): string {
  const lines = [`### ${title}`, ''];
  if (findings.length === 0) {
    lines.push('All clear: no findings.', '');
    return lines.join('\n');
  }
  lines.push('| | class | subject | store | message | fix |', '|---|---|---|---|---|---|');
  for (const item of findings) {
    const icon = item.severity === 'error' ? '❌' : '⚠️';
    const cells = [
      item.class,
      item.credential ?? item.sweep ?? '',
      item.store,
      item.message,
      item.fix,
    ];
    lines.push(`| ${icon} | ${cells.map(escapeCell).join(' | ')} |`);
  }
  lines.push('');
  return lines.join('\n');
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
