// Part of `npm run build`: copies the gold SQL files (databricks/sql/gold/*.sql) into
// <dist>/sql/gold/, so the Function App runs the copy inside its own package and never reads
// databricks/ at run time (shared/warehouse/sqlFiles.ts). Usage: copy-gold-sql.mjs [distDir]
import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const source = path.join(root, 'databricks', 'sql', 'gold');

export async function copyGoldSql(distDir = path.join(root, 'dist')) {
  const target = path.join(distDir, 'sql', 'gold');
  await rm(target, { recursive: true, force: true }); // a file renamed or deleted in the source goes too
  await mkdir(target, { recursive: true });
  const files = (await readdir(source)).filter((name) => name.endsWith('.sql')).sort();
  for (const name of files) await copyFile(path.join(source, name), path.join(target, name));
  return files;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await copyGoldSql(process.argv[2] ? path.resolve(process.argv[2]) : undefined);
}
