// Where commands print (stdout, stderr; tests pass collectors) and the exit-code convention:
// 0 ok, 1 the user's input was rejected (diagnostics printed), 2 an internal error (a bug).

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** A reader that closed stdout early (`nmcore ir --json | head -1`) ends the run quietly with exit 0, not an EPIPE stack. */
export function installBrokenPipeExit(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(0);
      throw e;
    });
  }
}

export const processIo: CliIo = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
};

export const EXIT_OK = 0;
export const EXIT_USER_ERROR = 1;
export const EXIT_INTERNAL_ERROR = 2;

export function printJson(io: CliIo, value: unknown): void {
  io.out(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2) + '\n');
}
