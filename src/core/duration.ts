import { UserError } from './errors.js';

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

export const DURATION_PATTERN = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/;

/** Parses `90m`, `2h`, `14d`, `1w` into milliseconds. */
export function parseDuration(text: string, where = 'duration'): number {
  const match = DURATION_PATTERN.exec(text.trim());
  if (!match) {
    throw new UserError(`${where}: "${text}" is not a duration`, {
      fix: 'Write a number and a unit: ms, s, m, h, d or w (for example 2h or 14d).',
    });
  }
  return Number(match[1]) * (UNIT_MS[match[2] as string] as number);
}

export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs >= 86_400_000) return `${Math.round(ms / 86_400_000)}d`;
  if (abs >= 3_600_000) return `${Math.round(ms / 3_600_000)}h`;
  if (abs >= 60_000) return `${Math.round(ms / 60_000)}m`;
  return `${Math.round(ms / 1000)}s`;
}
