// tools/lib/cli.ts: how the course's command-line tools read their arguments and end.
//
//   const { values, positionals } = parseCli(USAGE, { out: { type: "string" } });
//       Node's own util.parseArgs (strict, positionals allowed) plus -h/--help, which prints USAGE
//       and exits 0. A bad argument throws a UsageError that names it.
//   positiveNumber(value, "--timeout")   a number > 0, or a UsageError
//   runMain(main)   runs `async main(): Promise<number>` and sets the exit code: its result; 2 and
//       the usage for a UsageError; 1 and the message for any other error.

import { parseArgs, type ParseArgsConfig } from "node:util";

export class UsageError extends Error {
  constructor(message: string, readonly usage = "") { super(message); }
}

type Options = NonNullable<ParseArgsConfig["options"]>;
const HELP = { help: { type: "boolean", short: "h" } } as const;

export function parseCli<O extends Options>(usage: string, options: O, args: string[] = process.argv.slice(2)) {
  type Config = { args: string[]; options: O & typeof HELP; allowPositionals: true; strict: true };
  let parsed;
  try {
    parsed = parseArgs<Config>({ args, options: { ...options, ...HELP }, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message, usage);
  }
  if ((parsed.values as { help?: boolean }).help) {
    console.log(usage);
    process.exit(0);
  }
  return parsed;
}

export function positiveNumber(value: string | undefined, name: string, usage = ""): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!(n > 0)) throw new UsageError(`${name} must be a positive number, got "${value}"`, usage);
  return n;
}

export function runMain(main: () => Promise<number>): void {
  main().then(
    (code) => { process.exitCode = code; },
    (e) => {
      if (e instanceof UsageError) { console.error(`${e.message}\n${e.usage}`.trim()); process.exitCode = 2; }
      else { console.error(e instanceof Error ? e.message : e); process.exitCode = 1; }
    },
  );
}
