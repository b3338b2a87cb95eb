import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';

/**
 * Makes the folder `dir` unwritable: nothing can be created, renamed or removed in it. Root ignores permissions,
 * so as root the folder gets the immutable attribute (`chattr +i`, which needs CAP_LINUX_IMMUTABLE); otherwise
 * its mode becomes 0555. Returns the function that makes it writable again, or `undefined` where neither works.
 */
export function makeUnwritable(dir: string): (() => void) | undefined {
  const asRoot = process.getuid?.() === 0;
  const mode = fs.statSync(dir).mode;
  try {
    if (asRoot) execFileSync('chattr', ['+i', dir], { stdio: 'ignore' });
    else fs.chmodSync(dir, 0o555);
  } catch {
    return undefined;
  }
  return () => {
    if (asRoot) execFileSync('chattr', ['-i', dir], { stdio: 'ignore' });
    else fs.chmodSync(dir, mode);
  };
}

/** Runs `body` while `dir` is unwritable (see {@link makeUnwritable}); `false`, without running it, where that fails. */
export function withUnwritable(dir: string, body: () => void): boolean {
  const restore = makeUnwritable(dir);
  if (!restore) return false;
  try {
    body();
  } finally {
    restore();
  }
  return true;
}
