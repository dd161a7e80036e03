/**
 * Replacing a file so that a crash at any moment leaves either the old file or the new
 * one, never a mix: write a temporary file in the same directory, fsync it, rename it
 * over the target, then fsync the directory so the rename itself survives a power loss.
 *
 * A process killed between creating and renaming the temporary file leaves it behind
 * (`.NAME.PID.RANDOM.tmp`, with the target's mode); the target itself is never torn.
 * The next write removes such leftovers whose writer is no longer running: they may hold
 * secret values and should not linger.
 */
import { randomBytes } from 'node:crypto';
import { open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /** Permission bits of the new file, applied whatever the umask. */
  mode: number;
  /** Keep this owner when the process may (running as root); ignored otherwise. */
  owner?: { uid: number; gid: number } | undefined;
}

export async function writeFileAtomic(
  path: string,
  content: string | Buffer,
  options: AtomicWriteOptions,
): Promise<void> {
  const dir = dirname(path);
  await removeAbandoned(dir, basename(path));
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeDurably(temp, content, options);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

/** Temporary files of this target left by writers that died before renaming them. */
async function removeAbandoned(dir: string, name: string): Promise<void> {
  const prefix = `.${name}.`;
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!entry.startsWith(prefix) || !entry.endsWith('.tmp')) continue;
    const pid = Number(/^(\d+)\.[0-9a-f]+\.tmp$/.exec(entry.slice(prefix.length))?.[1]);
    if (Number.isInteger(pid) && pid !== process.pid && !isRunning(pid)) {
      await rm(join(dir, entry), { force: true });
    }
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function writeDurably(
  path: string,
  content: string | Buffer,
  options: AtomicWriteOptions,
): Promise<void> {
  const handle = await open(path, 'wx', options.mode);
  try {
    await handle.chmod(options.mode);
    if (options.owner) await keepOwner(handle, options.owner);
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function keepOwner(
  handle: Awaited<ReturnType<typeof open>>,
  owner: { uid: number; gid: number },
): Promise<void> {
  try {
    await handle.chown(owner.uid, owner.gid);
  } catch (error) {
    // Only a privileged process may give a file away; anyone else keeps their own.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
  }
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch (error) {
    // Some file systems cannot fsync a directory; the rename has still happened.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'EISDIR' && code !== 'EPERM') throw error;
  } finally {
    await handle.close();
  }
}
