#!/usr/bin/env bash
# The demo restore: builds and installs the plugin, then restores the bundled dump of the acme shop
# (a real pg_dump 15 archive) into a new database acme_demo_<date of the dump> on an embedded
# PostgreSQL 15 (the dump's version) that dbrestore downloads from Maven Central, starts on
# 127.0.0.1:54315 and leaves running; then lists it. Needs only a JDK and Maven: no PostgreSQL
# installed, none running, no PG* variables (they are ignored: the YAML says target: embedded).
#   mvn -f examples/demo/pom.xml dbrestore:status   the server, its data folder and copies
#   mvn -f examples/demo/pom.xml dbrestore:stop     stops it
# Another server instead: bash run-demo.sh -Ddbrestore.target=postgres://user@host:5432/postgres
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# the dump's date names the copy: keep it fixed whatever the checkout time
touch -d 2026-11-28T12:00:00 "$here"/dumps/*.dump
mvn -B -q -f "$here/../../pom.xml" install -DskipTests -Dinvoker.skip=true
mvn -B -f "$here/pom.xml" dbrestore:restore -Ddbrestore.onExists="${ON_EXISTS:-overwrite}" "$@"
mvn -B -f "$here/pom.xml" dbrestore:list "$@"
