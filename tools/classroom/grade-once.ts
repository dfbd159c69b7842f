/**
 * Grades one folder of exercise files with the kit's referee (tools/grade.ts: student code in
 * sandboxes, judged here) and waits until every sandbox is gone.
 *
 *   const report = await gradeFolder("/autograder/submission", { only: "00" });
 */
import { exercisesOf, grade, type GradeOptions } from "../grade";
import type { GradeReport } from "../grading/report";
import { whenAllGone } from "../grading/sandbox";

export async function gradeFolder(folder: string, options: Pick<GradeOptions, "only" | "seedSecret"> = {}): Promise<GradeReport> {
  const where = exercisesOf(folder);
  const report = await grade("error" in where ? where : where.dir, { only: options.only, seedSecret: options.seedSecret });
  await whenAllGone();
  return report;
}
