"""tools/nbclient-run.py: executes notebooks through real Jupyter machinery (jupyter_client + nbclient).

Not run by hand: `npm run notebooks -- --jupyter` (tools/run-notebooks.ts) starts it with the Python
that runs your `jupyter`, JUPYTER_PATH set to find the project's kernel, and judges what it writes
with the course's one rulebook (tools/lib/verdict.ts). This script judges nothing.

    python3 tools/nbclient-run.py --kernel NAME --cwd DIR --out-dir DIR [--html-dir DIR]
                                  [--timeout SECONDS] NOTEBOOK.ipynb ...

Why it exists beside the Node runner (tools/notebook-runner.ts): this is the path every other
front end takes (nbconvert --execute, VS Code, papermill, CI services): the kernelspec that
`npm run kernel:install` wrote is launched by jupyter_client, and nbclient handles the messages.
A notebook that passes here runs for anyone with Jupyter; and its HTML export is what
tools/check-plots-in-browser.ts opens to prove the plots render in a static page.

For each notebook it runs every code cell in order (it does not stop at a failing cell) and writes
OUT_DIR/<name>.ipynb, the executed notebook, with for each code cell that got an execute_reply
    cell.metadata["ds_run"] = {"reply": <status>, "execution_count": <n>}
(tslab sends no execute_input, so nbclient alone would leave execution counts empty), and, if the
run broke off (a cell timed out, the kernel died or would not start),
    notebook.metadata["ds_run"] = {"error": "<what happened>", "cell": <index or null>, "timeout": <bool>}
With --html-dir it also writes HTML_DIR/<name>.html (nbconvert's HTMLExporter). After each notebook it
prints one JSON line on stdout: {"notebook": IN, "executed": OUT, "seconds": S}.
Exits 0 when every executed notebook was written, 2 on bad usage or a missing Python package.
"""

import argparse
import json
import sys
import time
from pathlib import Path

try:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError
except ImportError as e:
    print(f"nbclient-run.py: {e}; install Jupyter's nbclient (pip install nbclient, or apt install python3-nbclient)",
          file=sys.stderr)
    sys.exit(2)


class RecordingClient(NotebookClient):
    """Runs all cells and records each execute_reply, whatever its status."""

    current = None

    async def async_execute_cell(self, cell, cell_index, *args, **kwargs):
        self.current = cell_index
        return await super().async_execute_cell(cell, cell_index, *args, **kwargs)

    async def _check_raise_for_error(self, cell, cell_index, exec_reply):
        if exec_reply is not None:
            content = exec_reply["content"]
            cell.metadata["ds_run"] = {"reply": content.get("status"), "execution_count": content.get("execution_count")}


def run_one(path, args):
    nb = nbformat.read(str(path), as_version=4)
    client = RecordingClient(nb, timeout=args.timeout, kernel_name=args.kernel, allow_errors=True,
                             resources={"metadata": {"path": args.cwd}})
    try:
        client.execute(cwd=args.cwd)
    except Exception as e:  # a timeout, a dead kernel, a kernel that would not start
        nb.metadata["ds_run"] = {"error": f"{type(e).__name__}: {e}".strip(), "cell": client.current,
                                 "timeout": isinstance(e, CellTimeoutError)}
    out = args.out_dir / (path.stem + ".ipynb")
    nbformat.write(nb, str(out))
    if args.html_dir is not None:
        from nbconvert import HTMLExporter
        body, _ = HTMLExporter().from_notebook_node(nb)
        (args.html_dir / (path.stem + ".html")).write_text(body, encoding="utf-8")
    return out


def main(argv):
    ap = argparse.ArgumentParser(description="Execute notebooks through nbclient; record every execute_reply.")
    ap.add_argument("notebooks", nargs="+", type=Path)
    ap.add_argument("--kernel", required=True, help="kernelspec name")
    ap.add_argument("--cwd", required=True, help="the kernel's working directory")
    ap.add_argument("--out-dir", required=True, type=Path, help="where executed notebooks go")
    ap.add_argument("--html-dir", type=Path, default=None, help="also export each executed notebook as HTML here")
    ap.add_argument("--timeout", type=int, default=120, help="per-cell timeout in seconds (default 120)")
    args = ap.parse_args(argv)
    for d in (args.out_dir, args.html_dir):
        if d is not None:
            d.mkdir(parents=True, exist_ok=True)
    for p in args.notebooks:
        t0 = time.monotonic()
        out = run_one(p.resolve(), args)
        print(json.dumps({"notebook": str(p), "executed": str(out), "seconds": round(time.monotonic() - t0, 1)}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
