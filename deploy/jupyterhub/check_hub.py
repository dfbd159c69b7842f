#!/usr/bin/env python3
"""deploy/jupyterhub/check_hub.py: the JupyterHub deployment, tested end to end on localhost.

    /usr/bin/python3 deploy/jupyterhub/check_hub.py [--notebook notebooks/00-tour.ipynb] [--keep DIR]

Run by .ci/run (not by npm test: it needs Debian's jupyterhub and takes about a minute). It
  1. builds the student edition (`npm run release`) into a temporary folder and links the kit's
     node_modules into it (a real deployment runs `npm ci` there once);
  2. starts the hub with deploy/jupyterhub/jupyterhub_config.py on a free localhost port, with
     DummyAuthenticator, COURSE_SPAWNER=simple and the npm configurable-http-proxy, in its own
     process group;
  3. logs in two students, alice and bob (the login form, as a browser would), and starts their
     servers;
  4. checks that each student's copy has the course and no solutions/, that the course kernel is
     offered, and executes a notebook in each student's server through the hub (REST and the
     kernel websocket), failing on an error reply, any stderr output or an aborted cell;
  5. edits alice's exercises/00-flood.ts through her server and checks that bob's copy is
     unchanged and alice's edit survives a restart of her server;
  6. stops everything it started (the hub's whole process group) and checks no process is left.
Exit code 0 when every step passed; the first failure is printed with what was expected.
"""
import argparse
import asyncio
import http.cookiejar
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

KIT = Path(__file__).resolve().parents[2]
# The course kernel's name, as every notebook records it (tools/lib/jupyter.ts is where it is written).
KERNEL = json.loads((KIT / "notebooks" / "00-tour.ipynb").read_text(encoding="utf-8"))["metadata"]["kernelspec"]["name"]


def fail(message):
    raise SystemExit(f"check_hub: FAIL: {message}")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Student:
    """A browser of one student: a cookie jar, the hub login, the server's REST API."""

    def __init__(self, base, name):
        self.base, self.name = base, name
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def request(self, method, path, body=None, expect=(200, 201, 204)):
        url = self.base + path
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(url, data=data, method=method)
        req.add_header("Content-Type", "application/json")
        xsrf = self.cookie("_xsrf")
        if xsrf:
            req.add_header("X-XSRFToken", xsrf)
        try:
            with self.opener.open(req, timeout=60) as r:
                status, text = r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            status, text = e.code, e.read().decode(errors="replace")
        if status not in expect:
            fail(f"{self.name}: {method} {path} answered {status}, expected {expect}: {text[:300]}")
        return status, (json.loads(text) if text.strip().startswith(("{", "[")) else text)

    def cookie(self, name):
        return next((c.value for c in self.jar if c.name == name), None)

    def login(self):
        self.request("GET", "/hub/login")
        form = urllib.parse.urlencode({"username": self.name, "password": "any",
                                       "_xsrf": self.cookie("_xsrf") or ""}).encode()
        req = urllib.request.Request(self.base + "/hub/login?next=", data=form, method="POST")
        try:
            with self.opener.open(req, timeout=120) as r:
                r.read()
        except urllib.error.HTTPError as e:
            fail(f"{self.name}: logging in (which spawns the server) answered {e.code}; see the hub's log")
        if not self.cookie("jupyterhub-session-id") and not any("jupyterhub-hub-login" in c.name for c in self.jar):
            fail(f"{self.name}: logging in set no hub cookie")


def api(base, token, method, path, body=None, expect=(200, 201, 202, 204)):
    req = urllib.request.Request(base + "/hub/api" + path, method=method,
                                 data=None if body is None else json.dumps(body).encode())
    req.add_header("Authorization", f"token {token}")
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            status, text = r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        status, text = e.code, e.read().decode(errors="replace")
    if status not in expect:
        fail(f"hub API {method} {path} answered {status}: {text[:300]}")
    return json.loads(text) if text.strip() else None


def wait_until(what, predicate, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    fail(f"{what} did not happen within {seconds} s")


def server_ready(base, token, name):
    user = api(base, token, "GET", f"/users/{name}")
    server = (user.get("servers") or {}).get("")
    return bool(server and server.get("ready"))


async def execute_notebook(base, token, name, kernel_id, notebook):
    """Runs every code cell on the kernel through the hub's proxy; returns the display mime types."""
    from tornado.websocket import websocket_connect
    from tornado.httpclient import HTTPRequest

    url = base.replace("http://", "ws://") + f"/user/{name}/api/kernels/{kernel_id}/channels"
    ws = await websocket_connect(HTTPRequest(url, headers={"Authorization": f"token {token}"}),
                                 max_message_size=256 * 1024 * 1024)
    session = uuid.uuid4().hex
    mimes = set()
    try:
        for index, cell in enumerate(c for c in notebook["cells"] if c["cell_type"] == "code"):
            code = "".join(cell["source"])
            if not code.strip():
                continue
            msg_id = uuid.uuid4().hex
            ws.write_message(json.dumps({
                "header": {"msg_id": msg_id, "username": name, "session": session,
                           "msg_type": "execute_request", "version": "5.3"},
                "parent_header": {}, "metadata": {}, "channel": "shell",
                "content": {"code": code, "silent": False, "store_history": True,
                            "user_expressions": {}, "allow_stdin": False, "stop_on_error": True},
            }))
            reply, idle = None, False
            while reply is None or not idle:
                raw = await asyncio.wait_for(ws.read_message(), timeout=300)
                if raw is None:
                    fail(f"{name}: the kernel websocket closed during code cell {index + 1}")
                msg = json.loads(raw)
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind, content = msg["msg_type"], msg["content"]
                if kind == "stream" and content.get("name") == "stderr":
                    fail(f"{name}: code cell {index + 1} wrote to stderr: {content['text'][:500]}")
                if kind == "error":
                    fail(f"{name}: code cell {index + 1} raised {content.get('ename')}: {content.get('evalue')}")
                if kind in ("display_data", "execute_result"):
                    mimes.update(content.get("data", {}).keys())
                if kind == "execute_reply":
                    reply = content
                if kind == "status" and content.get("execution_state") == "idle":
                    idle = True
            if reply.get("status") != "ok":
                fail(f"{name}: code cell {index + 1} replied {reply.get('status')} (an error or an abort)")
    finally:
        ws.close()
    return mimes


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--notebook", default="notebooks/00-tour.ipynb",
                        help="the notebook each student executes (path inside the course)")
    parser.add_argument("--keep", help="build in this folder and leave it (for debugging)")
    args = parser.parse_args()

    work = Path(args.keep or tempfile.mkdtemp(prefix="ds-course-hub-"))
    work.mkdir(parents=True, exist_ok=True)
    edition = work / "edition"
    if edition.exists():
        shutil.rmtree(edition)
    print("== building the student edition", flush=True)
    subprocess.run(["npm", "run", "--silent", "release", "--", str(edition)], cwd=KIT, check=True)
    (edition / "node_modules").symlink_to(KIT / "node_modules")

    port, token = free_port(), secrets.token_hex(16)
    base = f"http://127.0.0.1:{port}"
    config = work / "test_config.py"
    config.write_text(
        f"load_subconfig({str(KIT / 'deploy/jupyterhub/jupyterhub_config.py')!r})\n"
        "c.JupyterHub.authenticator_class = 'jupyterhub.auth.DummyAuthenticator'\n"
        f"c.JupyterHub.bind_url = {base + '/'!r}\n"
        f"c.JupyterHub.hub_port = {free_port()}\n"
        f"c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{free_port()}'\n"
        f"c.JupyterHub.services = [{{'name': 'course-check', 'api_token': {token!r}}}]\n"
        "c.JupyterHub.load_roles = [{'name': 'course-check', 'services': ['course-check'],"
        " 'scopes': ['admin:users', 'admin:servers', 'access:servers', 'list:users', 'read:users']}]\n"
    )
    homes = work / "homes"
    env = dict(os.environ, COURSE_EDITION=str(edition), COURSE_SPAWNER="simple", COURSE_HOMES=str(homes))
    log = open(work / "hub.log", "w")
    print(f"== starting JupyterHub on {base} (log: {work / 'hub.log'})", flush=True)
    hub = subprocess.Popen(["jupyterhub", "-f", str(config)], cwd=work, env=env,
                           stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        run_checks(args, work, base, token, hub)
    except SystemExit:
        print(f"--- the hub's log, last lines ({work / 'hub.log'}):\n" + (work / "hub.log").read_text()[-4000:], file=sys.stderr)
        raise
    finally:
        stop(hub, work)
        log.close()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def run_checks(args, work, base, token, hub):
    """Steps 3 to 5 of the module's docstring, on a running hub."""
    def hub_up():
        if hub.poll() is not None:
            fail(f"the hub exited with {hub.returncode}; its log:\n{(work / 'hub.log').read_text()[-3000:]}")
        try:
            return api(base, token, "GET", "/", expect=(200,)) is not None
        except (OSError, SystemExit):
            return False
    wait_until("the hub answering on its API", hub_up, 90)

    students = {name: Student(base, name) for name in ("alice", "bob")}
    notebook = json.loads((KIT / args.notebook).read_text())
    for name, student in students.items():
        print(f"== {name}: log in, start a server", flush=True)
        student.login()
        api(base, token, "POST", f"/users/{name}/server", expect=(201, 202, 400))
        wait_until(f"{name}'s server starting", lambda: server_ready(base, token, name), 120)
        student.request("GET", f"/user/{name}/tree")  # the OAuth round trip gives the server's cookie
        _, listing = student.request("GET", f"/user/{name}/api/contents/")
        names = {item["name"] for item in listing["content"]}
        if not {"notebooks", "exercises", "lib"} <= names:
            fail(f"{name}'s server shows {sorted(names)}, not the course")
        if "solutions" in names:
            fail(f"{name}'s copy of the course contains solutions/")
        _, specs = student.request("GET", f"/user/{name}/api/kernelspecs")
        if KERNEL not in specs["kernelspecs"]:
            fail(f"{name}'s server offers kernels {sorted(specs['kernelspecs'])}, not {KERNEL}")

    marker = f"// alice was here {secrets.token_hex(4)}\n"
    alice, bob = students["alice"], students["bob"]
    _, original = bob.request("GET", "/user/bob/api/contents/exercises/00-flood.ts?content=1&type=file&format=text")
    alice.request("PUT", "/user/alice/api/contents/exercises/00-flood.ts",
                  {"type": "file", "format": "text", "content": marker + original["content"]})

    for name, student in students.items():
        print(f"== {name}: execute {args.notebook} through the hub", flush=True)
        _, kernel = student.request("POST", f"/user/{name}/api/kernels", {"name": KERNEL})
        mimes = asyncio.run(execute_notebook(base, token, name, kernel["id"], notebook))
        if "application/vnd.plotly.v1+json" not in mimes:
            fail(f"{name}: the notebook showed no plotly figure (mime types seen: {sorted(mimes)})")
        student.request("DELETE", f"/user/{name}/api/kernels/{kernel['id']}")

    print("== edits stay in their owner's copy", flush=True)
    _, seen_by_bob = bob.request("GET", "/user/bob/api/contents/exercises/00-flood.ts?content=1&type=file&format=text")
    if seen_by_bob["content"] != original["content"]:
        fail("alice's edit of exercises/00-flood.ts shows up in bob's copy")
    api(base, token, "DELETE", "/users/alice/server", expect=(202, 204))
    wait_until("alice's server stopping", lambda: not server_ready(base, token, "alice"), 60)
    api(base, token, "POST", "/users/alice/server", expect=(201, 202))
    wait_until("alice's server restarting", lambda: server_ready(base, token, "alice"), 120)
    alice.request("GET", "/user/alice/tree")
    _, again = alice.request("GET", "/user/alice/api/contents/exercises/00-flood.ts?content=1&type=file&format=text")
    if not again["content"].startswith(marker):
        fail("alice's edit did not survive a restart of her server (her copy was provisioned again)")
    print("check_hub: PASS (two students, own copies, notebook executed through the hub)")


def stop(hub, work):
    """Stops the hub's process group, then anything still running from the test's folder."""
    for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        try:
            os.killpg(hub.pid, sig)
        except ProcessLookupError:
            break
        try:
            hub.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
    # single-user servers and kernels start sessions of their own; find them by where they run
    def others():
        """Processes whose working directory is inside the test's folder (servers, kernels)."""
        found = []
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                cwd = os.readlink(f"/proc/{pid}/cwd")
            except OSError:
                continue
            if (cwd + "/").startswith(str(work) + "/") and int(pid) != os.getpid():
                found.append(pid)
        return found

    for pid in others():
        try:
            os.kill(int(pid), signal.SIGKILL)
        except ProcessLookupError:
            pass
    time.sleep(0.5)
    still = others()
    if still:
        fail(f"processes left behind after stopping: {still}")


if __name__ == "__main__":
    main()
