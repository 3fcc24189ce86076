import { main } from './main';

const io = {
  cwd: process.cwd(),
  color: !!process.stdout.isTTY && !process.env.NO_COLOR,
  interactive: !!process.stderr.isTTY,
  stdout: (t: string) => void process.stdout.write(t),
  stderr: (t: string) => void process.stderr.write(t),
};

// A reader that stops early (`itar-guard scan | head`) closes the pipe: the rest of the output has nowhere to go,
// which is no failure of the scan, whose exit code still says what it found. Any other failure to write the
// report ends the run with a one-line reason.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') return;
    if (stream === process.stdout) process.stderr.write(`itar-guard: the report cannot be written (${e.code ?? e.message})\n`);
    process.exit(2);
  });
}

main(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`itar-guard: internal error: ${(e as Error)?.message ?? String(e)}\n`);
    process.exitCode = 2;
  },
);
