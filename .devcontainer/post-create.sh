#!/usr/bin/env bash
# .devcontainer/post-create.sh: VS Code dev containers and Codespaces run this once after creating
# the container. It installs the kit (npm ci) and registers the course kernel "Distributed
# Systems (TypeScript)" for the user, so VS Code's notebook editor offers it. Jupyter Notebook
# itself is optional here (VS Code runs the kernel directly); install it for `npm start`.
# test/ci/classroom.ci.ts runs this script in a fresh clone with a temporary HOME.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund
npm run --silent kernel:install -- --user
echo "post-create: the course is installed; open notebooks/00-tour.ipynb and pick the kernel \"Distributed Systems (TypeScript)\"."
