import { createHmac, timingSafeEqual } from 'node:crypto';
import { inspect } from 'node:util';
import type { Redactor } from './redact.js';

const SHOWN_AS = '[secret]';

/**
 * A secret value that never reveals itself by accident: its string, JSON and inspect
 * forms are a placeholder. Only `reveal()` hands out the value, for the one place that
 * must send it (an Authorization header, a vendor write).
 */
export class SecretValue {
  readonly #value: string;

  private constructor(value: string) {
    this.#value = value;
  }

  /** Wraps a value and registers it with the run's redactor in the same step. */
  static load(value: string, redactor: Redactor): SecretValue {
    redactor.register(value);
    return new SecretValue(value);
  }

  reveal(): string {
    return this.#value;
  }

  get length(): number {
    return this.#value.length;
  }

  isEmpty(): boolean {
    return this.#value.length === 0;
  }

  equals(other: SecretValue): boolean {
    const a = Buffer.from(this.#value, 'utf8');
    const b = Buffer.from(other.#value, 'utf8');
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** HMAC-SHA-256 of the value under `key`, hex: comparable across runs, never reversible. */
  fingerprint(key: SecretValue): string {
    return createHmac('sha256', key.#value).update(this.#value, 'utf8').digest('hex');
  }

  toString(): string {
    return SHOWN_AS;
  }

  toJSON(): string {
    return SHOWN_AS;
  }

  [inspect.custom](): string {
    return SHOWN_AS;
  }
}
