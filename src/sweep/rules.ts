/**
 * `owns` rules: the only records a sweep may ever delete. In a name rule `{owner}`
 * matches one DNS label; names compare case-insensitively and without a trailing dot.
 * In a comment rule `{owner}` matches a run of characters without spaces, anywhere in
 * the record's comment.
 */
import type { OwnsRule } from '../core/manifest/schema.js';

export interface OwnedItem {
  name: string;
  type?: string;
  comment?: string | null;
}

export interface Ownership {
  owner: string;
  /** The rule as the manifest wrote it, for the plan's "rule" column. */
  rule: string;
}

interface CompiledRule {
  pattern: RegExp;
  field: 'name' | 'comment';
  types: Set<string> | undefined;
  text: string;
}

export class OwnershipRules {
  readonly #rules: CompiledRule[];

  constructor(rules: OwnsRule[]) {
    this.#rules = rules.map(compile);
  }

  /** The first rule that owns the item, with the owner it names; undefined if none does. */
  match(item: OwnedItem): Ownership | undefined {
    return this.matchAll(item)[0];
  }

  /**
   * Every owner any rule names for the item, in rule order (a comment may name several).
   * A sweep keeps the item when any of them is live: it never deletes on a doubt.
   */
  matchAll(item: OwnedItem): Ownership[] {
    const found: Ownership[] = [];
    for (const rule of this.#rules) {
      if (rule.types && (!item.type || !rule.types.has(item.type.toUpperCase()))) continue;
      const subject = rule.field === 'name' ? normaliseName(item.name) : (item.comment ?? '');
      const global = new RegExp(rule.pattern.source, `${rule.pattern.flags}g`);
      for (const hit of subject.matchAll(global)) {
        if (hit[1]) found.push({ owner: hit[1], rule: rule.text });
      }
    }
    return found;
  }
}

export function normaliseName(name: string): string {
  return name.trim().replace(/\.$/, '').toLowerCase();
}

function compile(rule: OwnsRule): CompiledRule {
  const types = rule.types ? new Set(rule.types.map((type) => type.toUpperCase())) : undefined;
  if ('name' in rule) {
    const template = normaliseName(rule.name);
    return {
      pattern: templatePattern(template, '([^.\\s]+)', true),
      field: 'name',
      types,
      text: `name ${rule.name}`,
    };
  }
  return {
    pattern: templatePattern(rule.comment, '(\\S+)', false),
    field: 'comment',
    types,
    text: `comment "${rule.comment}"`,
  };
}

function templatePattern(template: string, owner: string, whole: boolean): RegExp {
  const [before = '', ...rest] = template.split('{owner}');
  const after = rest.join('{owner}');
  const body = `${escape(before)}${owner}${escape(after).replaceAll('\\{owner\\}', owner)}`;
  return new RegExp(whole ? `^${body}$` : body, whole ? 'i' : '');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
