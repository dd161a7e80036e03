/**
 * One redactor per process run. Every secret value tend loads is registered here at the
 * boundary where it is loaded, and every byte tend writes to a stream or a file passes
 * `redact()`: call sites never have to remember to hide a value.
 */

export const PLACEHOLDER = '[redacted]';

/** Shorter values cannot be hidden without mangling ordinary output; see the README. */
export const MIN_REDACTABLE_LENGTH = 4;

/** Longer values are replaced by plain string search: one huge regex would not compile. */
const LONGEST_IN_PATTERN = 512;

export class Redactor {
  readonly #values = new Set<string>();
  #pattern: RegExp | undefined;
  #long: string[] = [];

  register(value: string): void {
    if (value.length < MIN_REDACTABLE_LENGTH) return;
    const before = this.#values.size;
    for (const form of encodedForms(value)) this.#values.add(form);
    if (this.#values.size !== before) this.#pattern = undefined;
  }

  get size(): number {
    return this.#values.size;
  }

  redact(text: string): string {
    if (this.#values.size === 0 || text.length === 0) return text;
    if (!this.#pattern) {
      const sorted = [...this.#values].sort((a, b) => b.length - a.length);
      this.#long = sorted.filter((value) => value.length > LONGEST_IN_PATTERN);
      this.#pattern = buildPattern(sorted.filter((value) => value.length <= LONGEST_IN_PATTERN));
    }
    let shown = text;
    for (const value of this.#long) {
      if (shown.includes(value)) shown = shown.split(value).join(PLACEHOLDER);
    }
    return shown.replace(this.#pattern, PLACEHOLDER);
  }
}

/** The raw value and the encodings under which it commonly leaks into logs and URLs. */
function encodedForms(value: string): string[] {
  const forms = [value];
  const bytes = Buffer.from(value, 'utf8');
  const base64 = bytes.toString('base64');
  forms.push(base64, base64.replace(/=+$/, ''), bytes.toString('base64url'));
  const uri = encodeURIComponent(value);
  if (uri !== value) forms.push(uri);
  const json = JSON.stringify(value).slice(1, -1);
  if (json !== value) forms.push(json);
  return forms.filter((form) => form.length >= MIN_REDACTABLE_LENGTH);
}

/** `sorted` is longest first, so a value that contains another is replaced whole. */
function buildPattern(sorted: string[]): RegExp {
  if (sorted.length === 0) return /(?!)/g;
  return new RegExp(sorted.map(escapeRegExp).join('|'), 'g');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
