#!/usr/bin/env bash
# deploy/provision.sh EDITION COURSE: give one student their own copy of the course.
#
#   deploy/provision.sh /srv/ds-course/edition /home/alice/ds-course
#
# EDITION is a student edition (`npm run release -- DIR`) with node_modules installed (`npm ci`).
# On the first call COURSE receives a copy of EDITION without node_modules (linked instead to
# the edition's shared, read-only copy) and without any .jupyter/; every call (re)writes the
# course kernel's spec in COURSE/.jupyter, so the kernel runs in the student's copy and reads
# their own exercises. Point Jupyter at it with JUPYTER_PATH=COURSE/.jupyter. A second call never
# touches the student's files. Used by the JupyterHub config (pre-spawn) and the Kubernetes
# image (postStart).
set -euo pipefail
edition=${1:?usage: provision.sh EDITION COURSE}
course=${2:?usage: provision.sh EDITION COURSE}
if [ ! -f "$edition/tools/kernel.mjs" ] || [ ! -f "$edition/package.json" ] || [ ! -d "$edition/node_modules" ]; then
  echo "provision.sh: $edition is not a built student edition (run npm run release -- DIR, then npm ci in DIR)" >&2
  exit 2
fi
if [ -e "$edition/solutions" ]; then
  echo "provision.sh: $edition contains solutions/; serve the student edition, never the instructor's kit" >&2
  exit 2
fi
if [ ! -e "$course" ]; then
  mkdir -p "$course"
  (cd "$edition" && tar --exclude=./node_modules --exclude=./.jupyter -cf - .) | (cd "$course" && tar -xf -)
  ln -s "$edition/node_modules" "$course/node_modules"
fi
(cd "$course" && npm run --silent kernel:install > /dev/null)
