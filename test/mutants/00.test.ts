// Exercise 00's grader, proven by mutants (test/mutants/00/); see test/mutants/prove-grader.ts.
import { proveGrader } from "./prove-grader";

proveGrader("00", { central: ["no-forward", "prophet"] });
