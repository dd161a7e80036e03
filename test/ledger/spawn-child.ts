/** Starts `child.js` and reads its JSON lines one at a time. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ChildConfig } from './child.js';

export interface ChildEvent {
  event: string;
  [key: string]: unknown;
}

export interface Child {
  process: ChildProcess;
  /** The next event; rejects when the child exits first. */
  next(): Promise<ChildEvent>;
  tell(word: string): void;
  exited: Promise<number | null>;
}

export function startChild(config: ChildConfig): Child {
  const script = fileURLToPath(new URL('./child.js', import.meta.url));
  const child = spawn(process.execPath, [script, JSON.stringify(config)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const events: ChildEvent[] = [];
  const waiting: Array<{ resolve: (e: ChildEvent) => void; reject: (e: Error) => void }> = [];
  let stderr = '';
  let done = false;
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const event = JSON.parse(line) as ChildEvent;
    const reader = waiting.shift();
    if (reader) reader.resolve(event);
    else events.push(event);
  });
  const exited = new Promise<number | null>((resolve) => {
    child.on('close', (code) => {
      done = true;
      for (const reader of waiting.splice(0)) {
        reader.reject(new Error(`child exited (${code}) before the next event: ${stderr}`));
      }
      resolve(code);
    });
  });
  return {
    process: child,
    exited,
    tell: (word) => child.stdin?.write(`${word}\n`),
    next: () =>
      new Promise<ChildEvent>((resolve, reject) => {
        const ready = events.shift();
        if (ready) resolve(ready);
        else if (done) reject(new Error(`child already exited: ${stderr}`));
        else waiting.push({ resolve, reject });
      }),
  };
}

/** The next event, which must be of this kind. */
export async function expectEvent(child: Child, kind: string): Promise<ChildEvent> {
  const event = await child.next();
  if (event.event !== kind) {
    throw new Error(`expected "${kind}" from the child, got ${JSON.stringify(event)}`);
  }
  return event;
}
