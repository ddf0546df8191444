#!/usr/bin/env bash
# esbuild's session (esbuild-session.sh) with a current release, 0.28.2, whose Go runtime wants
# bcryptprimitives.dll's ProcessPrng (wine 8.0 lacks it: no wine transcript exists for it).
#   esbuild-current-session.sh ISA RUNNER...
ESBUILD_VERSION=0.28.2 exec "$(dirname "$0")/esbuild-session.sh" "$@"
