/** Removes directories left empty under a root after expiry (never the root itself). */
import { readdir, rmdir } from 'node:fs/promises';
import { join } from 'node:path';

export async function removeEmptyDirs(root: string): Promise<void> {
  const visit = async (dir: string, isRoot: boolean): Promise<boolean> => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return false;
    }
    let empty = true;
    for (const entry of entries) {
      if (entry.isDirectory() && (await visit(join(dir, entry.name), false))) continue;
      empty = false;
    }
    if (empty && !isRoot) {
      await rmdir(dir).catch(() => {});
      return true;
    }
    return false;
  };
  await visit(root, true);
}
