/**
 * Exercise stubs and the cells that use them.
 *
 * A stub in `exercises/` throws `notImplemented(...)` until the student writes the code:
 *
 *   export function quorum(n: number): number {
 *     notImplemented("00", "quorum(n)");
 *   }
 *
 * A notebook cell that runs a student's code wraps it in `ifDone`, so a notebook opened before
 * the exercise is done shows "finish exercise 00 to see this" instead of an error:
 *
 *   ifDone("00", () => spaceTime(runWithStudentCode()));
 *
 * Any other exception is the student's own bug and is rethrown unchanged.
 */

export class NotImplementedError extends Error {
  constructor(
    readonly exercise: string,
    readonly what: string,
  ) {
    super(`exercise ${exercise} is not done yet: implement ${what} in exercises/${exercise}-*.ts`);
    this.name = "NotImplementedError";
  }
}

/** Thrown by stubs. */
export function notImplemented(exercise: string, what: string): never {
  throw new NotImplementedError(exercise, what);
}

/**
 * The stub's error if `error` is one, or wraps one as its `cause` (the simulator wraps what a node's
 * handler throws in a NodeHandlerError); recognised by name too, across module copies.
 */
export function unfinishedStub(error: unknown): NotImplementedError | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof NotImplementedError || e.name === "NotImplementedError") return e as NotImplementedError;
  }
  return undefined;
}

/** True when `error` comes from an unfinished stub (see `unfinishedStub`). */
export function isNotImplemented(error: unknown): boolean {
  return unfinishedStub(error) !== undefined;
}

/**
 * Runs `show`; if it reaches an unfinished stub, prints a friendly note and returns undefined.
 * Works with async functions too (then returns a promise).
 */
export function ifDone<T>(exercise: string, show: () => T): T | undefined {
  const note = (error: unknown) => {
    const stub = unfinishedStub(error);
    if (!stub) throw error;
    console.log(`✎ Finish exercise ${exercise} to see this (${stub.message}).`);
    return undefined;
  };
  try {
    const result = show();
    if (result instanceof Promise) return result.catch(note) as T;
    return result;
  } catch (error) {
    return note(error);
  }
}
