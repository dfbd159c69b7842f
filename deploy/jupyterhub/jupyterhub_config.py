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
# What a login does (the spawner's pre_spawn_hook runs deploy/provision.sh): on the first, copy
# COURSE_EDITION into ~/ds-course without its node_modules (linked to the edition's shared copy)
# and hand the copy to the student; on every start, write the kernel spec into ~/ds-course/.jupyter
# (the kernel runs in the student's copy, so `import ... from "./exercises/..."` reads their own
# files). The server starts in ~/ds-course with JUPYTER_PATH pointing at that kernel spec.
import os
import pwd
import subprocess
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (provided by JupyterHub when it loads this file)

KIT = Path(__file__).resolve().parents[2]
PROVISION = KIT / "deploy" / "provision.sh"
COURSE_DIR = "ds-course"


def _edition():
    edition = os.environ.get("COURSE_EDITION")
    if not edition:
        sys.exit("jupyterhub_config.py: set COURSE_EDITION to a student edition built with "
                 "`npm run release -- DIR` followed by `npm ci` in DIR")
    return Path(edition).resolve()


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


def home_of(spawner):
    if SPAWNER == "simple":
        return Path(spawner.home_dir)
    return Path(pwd.getpwnam(spawner.user.name).pw_dir)


def provision(spawner):
    """Every start: the student's own copy of the edition (made on the first), with the kernel."""
    course = home_of(spawner) / COURSE_DIR
    fresh = not course.exists()
    subprocess.run([str(PROVISION), str(EDITION), str(course)], check=True)
    if fresh and SPAWNER == "local":
        entry = pwd.getpwnam(spawner.user.name)
        for root, dirs, files in os.walk(course):
            for name in dirs + files:
                os.lchown(os.path.join(root, name), entry.pw_uid, entry.pw_gid)
        os.lchown(course, entry.pw_uid, entry.pw_gid)
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
