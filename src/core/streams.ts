/**
 * Guards stdout and stderr themselves, so that every byte the process writes passes the
 * redactor: the output layer's writes, commander's help, and Node's own crash reports.
 */
import type { Redactor } from './redact.js';

let guarded = false;

export function guardProcessStreams(redactor: Redactor): void {
  if (guarded) return;
  guarded = true;
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]): boolean => {
      const text =
        typeof chunk === 'string'
          ? chunk
          : chunk instanceof Uint8Array
            ? Buffer.from(chunk).toString('utf8')
            : String(chunk);
      return write(redactor.redact(text), ...rest);
    }) as typeof stream.write;
  }
  process.on('uncaughtException', (error) => {
    process.stderr.write(`tend crashed: ${error.stack ?? String(error)}\n`);
    process.exit(3);
  });
}
