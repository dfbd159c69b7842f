/**
 * Grade reports as the classroom tools read them from a file: the shapes are tools/grading/report.ts's
 * (what `npm run grade -- --json FILE` writes); `readReport(file)` reads one and checks it, with an
 * error that names the file and the field.
 */
import fs from "node:fs";
import type { GradeReport, StudentReport } from "../grading/report";

export interface ClassReport {
  students: StudentReport[];
}

export function readReport<T extends GradeReport | ClassReport>(file: string): T {
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`${file}: not a grade report (${error instanceof Error ? error.message : error}); write one with npm run grade -- --json FILE`);
  }
  const students = (data as ClassReport).students;
  for (const [i, r] of (students ?? [data as GradeReport]).entries()) {
    const where = students ? `${file}: students[${i}]` : file;
    if (!Array.isArray(r?.exercises) || typeof r.points !== "number" || typeof r.max !== "number") {
      throw new Error(`${where}: expected { exercises: [...], points, max } as npm run grade -- --json writes`);
    }
  }
  return data as T;
}
