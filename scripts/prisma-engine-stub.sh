#!/bin/sh
# Stand-in for Prisma's native schema engine, which the CLI would otherwise download from a CDN
# (unreachable here). `prisma generate` only asks it for --version; migrations go through
# @prisma/schema-engine-wasm instead (scripts/db-migrate.ts).
echo "schema-engine-cli 7.10.1 (troupe offline stub)"
