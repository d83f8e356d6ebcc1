/** `pulselake ingest <file-or-folder>...`: backfill legacy source-system exports into the landing zone. */
import { InvalidArgumentError, type Command } from 'commander';
import cliProgress from 'cli-progress';
import { readSetting } from '../../shared/config/settings.js';
import { backfill, DEFAULT_CHUNK_SIZE } from '../../shared/backfill/backfill.js';
import { formatSummary } from '../../shared/backfill/summaryTable.js';
import { createLandingStore, LandingWriter } from '../../shared/landing/index.js';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

/** A progress bar in bytes read (compressed size) on a terminal; nothing when piped or in CI. */
function progressBar(): { onStart: (total: number) => void; onBytesRead: (n: number) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { onStart: () => undefined, onBytesRead: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: 'ingest [{bar}] {percentage}% | {mb} / {totalMb} MB read | {duration_formatted}',
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let read = 0;
  const mb = (n: number): string => (n / 1e6).toFixed(1);
  return {
    onStart: (total) => bar.start(total, 0, { mb: mb(0), totalMb: mb(total) }),
    onBytesRead: (n) => {
      read += n;
      bar.update(read, { mb: mb(read) });
    },
    stop: () => bar.stop(),
  };
}

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description(
      'Backfill legacy exports (registration/gym-login CSV, Kafka-envelope JSON lines of user_info, bpm, ' +
        'workout; .gz allowed) into the landing zone. Files that are not feed exports are skipped with a note.',
    )
    .argument('<paths...>', 'files or folders (folders are read recursively)')
    .option('--chunk-size <records>', 'records per landing file', positiveInt, DEFAULT_CHUNK_SIZE)
    .action(async (paths: string[], options: { chunkSize: number }) => {
      const store = createLandingStore(process.env);
      const writer = new LandingWriter(store, { gzip: readSetting('landingGzip') ?? false });
      const progress = progressBar();
      let summary;
      try {
        summary = await backfill(paths, { writer, chunkSize: options.chunkSize, ...progress });
      } finally {
        progress.stop();
      }
      console.log(formatSummary(summary, store.describe()));
      if (!summary.ok) {
        console.error('pulselake ingest: some files could not be read or parsed (see FAILED above).');
        process.exitCode = 1;
      }
    });
}
