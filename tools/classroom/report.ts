/**
 * The grade report as the classroom tools read it: what `npm run grade -- --json FILE` writes.
 *
 *   one student:  { exercises: [{ id, points, max, checks: [{ title, points, max, passed, message? }], error? }], points, max }
 *   a class:      { students: [{ name, ...the same shape }] }
 *
 * `readReport(file)` reads and checks one, with an error that names the file and the field.
 */
import fs from "node:fs";

export interface ReportCheck {
  title: string;
  points: number;
  max: number;
  passed: boolean;
  message?: string;
}
export interface ReportExercise {
  id: string;
  points: number;
  max: number;
  checks: ReportCheck[];
  error?: string;
}
export interface StudentReport {
  exercises: ReportExercise[];
  points: number;
  max: number;
}
export interface ClassReport {
  students: Array<{ name: string } & StudentReport>;
}

export function readReport<T extends StudentReport | ClassReport>(file: string): T {
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`${file}: not a grade report (${error instanceof Error ? error.message : error}); write one with npm run grade -- --json FILE`);
  }
  const students = (data as ClassReport).students;
  for (const [i, r] of (students ?? [data as StudentReport]).entries()) {
    const where = students ? `${file}: students[${i}]` : file;
    if (!Array.isArray(r?.exercises) || typeof r.points !== "number" || typeof r.max !== "number") {
      throw new Error(`${where}: expected { exercises: [...], points, max } as npm run grade -- --json writes`);
    }
  }
  return data as T;
}
