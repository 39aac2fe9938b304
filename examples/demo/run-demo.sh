#!/usr/bin/env bash
# The demo restore: builds and installs the plugin, then restores the bundled dump of the acme shop
# (a real pg_dump 15 archive) into a new local database named acme_demo_<date of the dump>.
#   PGHOST/PGPORT/PGUSER/PGPASSWORD (or DATABASE_ADMIN_URL) say where PostgreSQL runs; by default the
#   role that .ci/pg-start creates on localhost.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432}
export PGUSER=${PGUSER:-dbrestore_test} PGPASSWORD=${PGPASSWORD:-pw-for-tests-only}
# the dump's date names the copy: keep it fixed whatever the checkout time
touch -d 2026-11-28T12:00:00 "$here"/dumps/*.dump
mvn -B -q -f "$here/../../pom.xml" install -DskipTests -Dinvoker.skip=true
mvn -B -f "$here/pom.xml" dbrestore:restore -Ddbrestore.onExists="${ON_EXISTS:-overwrite}" "$@"
mvn -B -f "$here/pom.xml" dbrestore:list
