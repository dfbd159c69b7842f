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

/** True for the error a stub throws (also across module copies, by name). */
export function isNotImplemented(error: unknown): error is NotImplementedError {
  return error instanceof NotImplementedError || (error instanceof Error && error.name === "NotImplementedError");
}

/**
 * Runs `show`; if it reaches an unfinished stub, prints a friendly note and returns undefined.
 * Works with async functions too (then returns a promise).
 */
export function ifDone<T>(exercise: string, show: () => T): T | undefined {
  const note = (error: unknown) => {
    if (!isNotImplemented(error)) throw error;
    console.log(`✎ Finish exercise ${exercise} to see this (${error.message}).`);
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
