#!/usr/bin/python3
"""tools/nbclient-run.py: run the course notebooks through real Jupyter (nbclient), for CI.

    /usr/bin/python3 tools/nbclient-run.py                       # every notebooks/*.ipynb
    /usr/bin/python3 tools/nbclient-run.py notebooks/00-tour.ipynb --html-out build/html
    options: --html-out DIR  (write each executed notebook as DIR/<name>.html, nbconvert's
             HTMLExporter; tools/check-plots-in-browser.ts then checks its plots render)
             --timeout SECONDS  (per cell, default 120)

Where tools/notebook-runner.ts speaks the protocol itself, this goes through jupyter_client and
nbclient, exactly as Jupyter would, with the installed kernelspec "ds-course-ts". Run
`npm run kernel:install` first: this script puts <repo>/.jupyter on JUPYTER_PATH to find it.
The kernel runs at the repository root (kernel.mjs chdirs there; cwd is set there too).

A notebook FAILS (same rules as the Node runner) when a cell
  - gets an execute_reply whose status is not "ok" ("error": tslab's way to say the cell threw,
    with no ename/traceback; "abort": what tslab answers for ~200 ms after an error),
  - writes anything to stderr, or has an `error` output,
  - times out, or the kernel dies,
  - is a non-empty code cell left with execution_count None (it never ran).
Prints PASS/FAIL per notebook with seconds, and the failing cell's index, source head and
stderr. Exits 1 if any notebook failed, 2 on bad usage.
"""

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
os.environ["JUPYTER_PATH"] = os.pathsep.join(
    p for p in [str(REPO / ".jupyter"), os.environ.get("JUPYTER_PATH", "")] if p)

import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402

KERNEL_NAME = "ds-course-ts"


class CellFailed(Exception):
    """A cell broke one of the course's failure rules."""

    def __init__(self, cell_index, cell, why):
        self.cell_index = cell_index
        lines = cell.source.split("\n")
        head = "\n".join("    | " + l for l in lines[:4]) + ("\n    | ..." if len(lines) > 4 else "")
        stderr = "".join(o.get("text", "") for o in cell.get("outputs", [])
                         if o.get("output_type") == "stream" and o.get("name") == "stderr")
        msg = f"cell {cell_index} {why}\n{head}"
        if stderr.strip():
            err_lines = stderr.rstrip().split("\n")
            msg += "\n  stderr:\n" + "\n".join("    " + l for l in err_lines[:30])
            if len(err_lines) > 30:
                msg += f"\n    ... ({len(err_lines) - 30} more lines)"
        for o in cell.get("outputs", []):
            if o.get("output_type") == "error":
                msg += f"\n  error output: {o.get('ename')}: {o.get('evalue')}"
        super().__init__(msg)


class StrictClient(NotebookClient):
    """NotebookClient that fails on error/abort replies, stderr and error outputs."""

    async def _check_raise_for_error(self, cell, cell_index, exec_reply):
        if exec_reply is None:
            raise CellFailed(cell_index, cell, "got no execute_reply")
        content = exec_reply["content"]
        # tslab sends no execute_input, so take the count from the reply when it has one.
        if content.get("execution_count") is not None:
            cell["execution_count"] = content["execution_count"]
        status = content.get("status")
        if status == "abort":
            raise CellFailed(cell_index, cell, 'was aborted by the kernel (status "abort", usually right after an error)')
        if status != "ok":
            raise CellFailed(cell_index, cell, f'failed (execute_reply status "{status}")')
        outputs = cell.get("outputs", [])
        if any(o.get("output_type") == "error" for o in outputs):
            raise CellFailed(cell_index, cell, "produced an error output")
        if any(o.get("output_type") == "stream" and o.get("name") == "stderr" for o in outputs):
            raise CellFailed(cell_index, cell, "wrote to stderr")


def run_one(path: Path, timeout: int, html_out):
    nb = nbformat.read(str(path), as_version=4)
    client = StrictClient(nb, timeout=timeout, kernel_name=KERNEL_NAME, allow_errors=False,
                          force_raise_errors=True, resources={"metadata": {"path": str(REPO)}})
    failure = None
    try:
        client.execute(cwd=str(REPO))
    except CellFailed as e:
        failure = str(e)
    except Exception as e:  # timeouts, dead kernel, kernel not found, ...
        failure = f"{type(e).__name__}: {e}"
    if failure is None:
        for i, cell in enumerate(nb.cells):
            if cell.cell_type == "code" and cell.source.strip() and cell.get("execution_count") is None:
                failure = str(CellFailed(i, cell, "never ran (execution_count is None)"))
                break
    if html_out is not None:
        from nbconvert import HTMLExporter
        html_out.mkdir(parents=True, exist_ok=True)
        body, _ = HTMLExporter().from_notebook_node(nb)
        (html_out / (path.stem + ".html")).write_text(body, encoding="utf-8")
    return failure


def main(argv):
    ap = argparse.ArgumentParser(description="Execute course notebooks through nbclient (kernel ds-course-ts).")
    ap.add_argument("notebooks", nargs="*", type=Path, help="default: notebooks/*.ipynb")
    ap.add_argument("--html-out", type=Path, default=None, help="write executed notebooks as HTML here")
    ap.add_argument("--timeout", type=int, default=120, help="per-cell timeout in seconds (default 120)")
    args = ap.parse_args(argv)

    kernel_json = REPO / ".jupyter" / "kernels" / KERNEL_NAME / "kernel.json"
    if not kernel_json.exists():
        print(f"kernel spec not found at {kernel_json}; run `npm run kernel:install` first", file=sys.stderr)
        return 2
    paths = args.notebooks or sorted((REPO / "notebooks").glob("*.ipynb"))
    if not paths:
        print("no notebooks found in notebooks/; nothing to run")
        return 0
    failures = []
    for p in paths:
        t0 = time.monotonic()
        failure = run_one(p.resolve(), args.timeout, args.html_out)
        label = os.path.relpath(p.resolve(), REPO) if p.resolve().is_relative_to(REPO) else str(p)
        print(f"{'PASS' if failure is None else 'FAIL'}  {label}  {time.monotonic() - t0:.1f}s", flush=True)
        if failure:
            failures.append(f"{label}: {failure}")
    if failures:
        print(f"\n{len(failures)} of {len(paths)} notebook(s) failed:\n")
        for f in failures:
            print(f + "\n")
        return 1
    print(f"all {len(paths)} notebook(s) passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
