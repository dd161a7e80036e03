/** Times as the ledger shows them to people: UTC, to the minute or the second. */
export function formatUtc(date: Date, precision: 'minute' | 'second' = 'minute'): string {
  const iso = date.toISOString();
  const length = precision === 'minute' ? 16 : 19;
  return `${iso.slice(0, length).replace('T', ' ')} UTC`;
}

/** A time read back from either backend: SQLite gives ISO text, PostgreSQL a Date. */
export function toDate(value: string | Date): Date {
  return value instanceof Date ? value : new Date(value);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
