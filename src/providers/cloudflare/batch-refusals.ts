/**
 * What a refused batch says about how to send it again: the ids it names as missing,
 * and the size that fits the zone's limit.
 */
import type { CfAnswer } from './api.js';

export function slices(ids: string[], size: number): string[][] {
  const parts: string[][] = [];
  for (let start = 0; start < ids.length; start += size) parts.push(ids.slice(start, start + size));
  return parts;
}

/**
 * The size to try after a batch over the zone's limit: the limit the refusal states when
 * it states one (code 1004 is the identity; the number is only a hint), else half,
 * rounded up, so that 93 over a limit of 50 is two batches, not three.
 */
export function smallerBatch(answer: CfAnswer<unknown>, size: number): number {
  const stated = answer.errors
    .map((item) => Number(/\blimit of (\d+)\b/i.exec(item.message)?.[1]))
    .find((limit) => Number.isInteger(limit) && limit > 0 && limit < size);
  return stated ?? Math.max(1, Math.ceil(size / 2));
}

/** Ids a refused batch names, through `source.pointer` `/deletes/N`, as already gone. */
export function pointedMissing(answer: CfAnswer<unknown>, part: string[]): string[] {
  return answer.errors
    .filter((item) => item.code === 81044)
    .map((item) => /^\/deletes\/(\d+)/.exec(item.source?.pointer ?? '')?.[1])
    .map((index) => (index === undefined ? undefined : part[Number(index)]))
    .filter((id): id is string => id !== undefined);
}
