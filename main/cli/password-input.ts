/**
 * Where a CLI gets a password from — never its arguments, which every local
 * user can read in `ps` and which shells keep in their history:
 *   1. --password-file FILE (the first line; a file only its owner can read),
 *   2. the FRONTDESK_PASSWORD environment variable (readable only by the same
 *      user and root on Linux, via /proc/PID/environ),
 *   3. a prompt on the terminal, without echo.
 */
import fs from 'node:fs';

export const PASSWORD_ENV = 'FRONTDESK_PASSWORD';

export const PASSWORD_FLAG_REFUSED =
  '--password is not accepted: a password on the command line is visible to every local user in `ps` and stays in shell history. ' +
  `Use --password-file FILE, the ${PASSWORD_ENV} environment variable, or type it at the prompt.`;

/** True when argv carries --password / --password=… (refused before parsing, with the sentence above). */
export function hasPasswordFlag(argv: readonly string[]): boolean {
  return argv.some((a) => a === '--password' || a.startsWith('--password='));
}

/** Reads a password without echo from an interactive terminal. */
export function promptPassword(question: string, input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!input.isTTY) {
      reject(new Error(`no password given and stdin is not a terminal: use --password-file FILE or ${PASSWORD_ENV}`));
      return;
    }
    output.write(question);
    input.setRawMode(true);
    input.resume();
    let typed = '';
    const done = (err: Error | null) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      output.write('\n');
      if (err) reject(err);
      else resolve(typed);
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done(null);
        if (ch === '\u0003') return done(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    input.on('data', onData);
  });
}

export async function readPassword(opts: { passwordFile?: string; env?: NodeJS.ProcessEnv; prompt?: () => Promise<string> }): Promise<string> {
  if (opts.passwordFile !== undefined) {
    let text: string;
    try {
      text = fs.readFileSync(opts.passwordFile, 'utf8');
    } catch (err) {
      throw new Error(`cannot read --password-file ${opts.passwordFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    const first = text.split(/\r?\n/)[0] ?? '';
    if (first === '') throw new Error(`--password-file ${opts.passwordFile} is empty`);
    return first;
  }
  const fromEnv = (opts.env ?? process.env)[PASSWORD_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return (opts.prompt ?? (() => promptPassword('Password: ')))();
}
