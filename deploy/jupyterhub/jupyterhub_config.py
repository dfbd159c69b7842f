# deploy/jupyterhub/jupyterhub_config.py: serve the course to a class with JupyterHub.
#
# Each student logs in and gets a server of their own, rooted at their own copy of the
# student edition (~/ds-course, copied on first login, never containing solutions/), with the
# course kernel "Distributed Systems (TypeScript)" registered inside that copy. A student's edits
# live in their copy only; logging in again keeps them.
#
#   # once, as the admin, from the kit (the instructor's repository):
#   npm run release -- /srv/ds-course/edition          # the student edition (committed files only)
#   (cd /srv/ds-course/edition && npm ci)               # its node_modules, shared read-only by all
#   COURSE_EDITION=/srv/ds-course/edition jupyterhub -f deploy/jupyterhub/jupyterhub_config.py
#
# Settings (environment variables, read when the hub starts):
#   COURSE_EDITION   the built student edition with node_modules installed (required)
#   COURSE_SPAWNER   "local" (default): LocalProcessSpawner, one system user per student, homes
#                    from the system (create users with `useradd -m`, or set
#                    c.LocalAuthenticator.create_system_users with a LocalAuthenticator);
#                    "simple": SimpleLocalProcessSpawner, no system users, homes under
#                    COURSE_HOMES/{username}; every server runs as the hub's user, so students are
#                    NOT isolated from each other's files: for tests and demos only
#   COURSE_HOMES     the homes root for "simple" (default /tmp/ds-course-homes)
#   COURSE_PROXY     the configurable-http-proxy command (default: the kit's npm copy,
#                    node_modules/.bin/configurable-http-proxy, then the one on PATH)
#
# Authentication is the hub's own choice: this file sets none beyond JupyterHub's default (PAM,
# the machine's users). deploy/jupyterhub/check_hub.py swaps in DummyAuthenticator to test.
#
# What a first login does (provision, the spawner's pre_spawn_hook): copy COURSE_EDITION into
# ~/ds-course without its node_modules, link ~/ds-course/node_modules to the edition's shared
# copy, write the kernel spec into ~/ds-course/.jupyter (the kernel runs in the student's copy, so
# `import ... from "./exercises/..."` reads their own files), hand the copy to the student. The
# server starts in ~/ds-course with JUPYTER_PATH pointing at that kernel spec.
import json
import os
import pwd
import shutil
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (provided by JupyterHub when it loads this file)

KIT = Path(__file__).resolve().parents[2]
COURSE_DIR = "ds-course"
KERNEL_NAME = "ds-course-ts"


def _edition():
    edition = os.environ.get("COURSE_EDITION")
    if not edition:
        sys.exit("jupyterhub_config.py: set COURSE_EDITION to a student edition built with "
                 "`npm run release -- DIR` followed by `npm ci` in DIR")
    path = Path(edition).resolve()
    if not (path / "tools" / "kernel.mjs").is_file() or not (path / "node_modules").is_dir():
        sys.exit(f"jupyterhub_config.py: COURSE_EDITION={edition} is not a built student edition "
                 "(expected tools/kernel.mjs and node_modules/ in it): run `npm run release -- DIR` "
                 "then `npm ci` in DIR")
    if (path / "solutions").exists():
        sys.exit(f"jupyterhub_config.py: COURSE_EDITION={edition} contains solutions/; serve the "
                 "student edition (`npm run release -- DIR`), never the instructor's kit")
    return path


EDITION = _edition()
SPAWNER = os.environ.get("COURSE_SPAWNER", "local")
if SPAWNER not in ("local", "simple"):
    sys.exit(f'jupyterhub_config.py: COURSE_SPAWNER={SPAWNER!r}; use "local" or "simple"')


def _proxy_command():
    if os.environ.get("COURSE_PROXY"):
        return [os.environ["COURSE_PROXY"]]
    for candidate in (KIT / "node_modules" / ".bin" / "configurable-http-proxy",
                      EDITION / "node_modules" / ".bin" / "configurable-http-proxy"):
        if candidate.exists():
            return [str(candidate)]
    return ["configurable-http-proxy"]


def _node():
    return shutil.which("node") or "/usr/bin/node"


def home_of(spawner):
    if SPAWNER == "simple":
        return Path(spawner.home_dir)
    return Path(pwd.getpwnam(spawner.user.name).pw_dir)


def kernel_spec(course):
    """The same kernel.json `npm run kernel:install` writes, for the student's copy."""
    return {
        "argv": [_node(), str(course / "tools" / "kernel.mjs"), "{connection_file}"],
        "display_name": "Distributed Systems (TypeScript)",
        "language": "typescript",
        "interrupt_mode": "signal",
        "metadata": {"debugger": False},
    }


def provision(spawner):
    """First login: the student's own copy of the edition, with the course kernel."""
    home = home_of(spawner)
    course = home / COURSE_DIR
    if not course.exists():
        home.mkdir(parents=True, exist_ok=True)
        shutil.copytree(EDITION, course, symlinks=False,
                        ignore=shutil.ignore_patterns("node_modules", ".jupyter"))
        (course / "node_modules").symlink_to(EDITION / "node_modules")
        if SPAWNER == "local":
            entry = pwd.getpwnam(spawner.user.name)
            for root, dirs, files in os.walk(course):
                for name in dirs + files:
                    os.lchown(os.path.join(root, name), entry.pw_uid, entry.pw_gid)
            os.lchown(course, entry.pw_uid, entry.pw_gid)
    kernel_dir = course / ".jupyter" / "kernels" / KERNEL_NAME
    kernel_dir.mkdir(parents=True, exist_ok=True)
    (kernel_dir / "kernel.json").write_text(json.dumps(kernel_spec(course), indent=2) + "\n")
    spawner.notebook_dir = str(course)
    spawner.environment.update({"JUPYTER_PATH": str(course / ".jupyter")})


c.JupyterHub.spawner_class = (
    "jupyterhub.spawner.SimpleLocalProcessSpawner" if SPAWNER == "simple"
    else "jupyterhub.spawner.LocalProcessSpawner")
if SPAWNER == "simple":
    c.SimpleLocalProcessSpawner.home_dir_template = os.path.join(
        os.environ.get("COURSE_HOMES", "/tmp/ds-course-homes"), "{username}")
c.Spawner.pre_spawn_hook = provision
if SPAWNER == "simple" and os.geteuid() == 0:
    # "simple" runs every server as the hub's user; as root (a container, CI) classic Notebook
    # refuses to start without this flag.
    c.Spawner.args = ["--allow-root"]
c.Spawner.default_url = "/tree/notebooks"
c.Spawner.http_timeout = 60
c.Spawner.start_timeout = 120
c.ConfigurableHTTPProxy.command = _proxy_command()
