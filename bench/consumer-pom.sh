#!/usr/bin/env bash
# consumer-pom.sh DIR ARTIFACT — writes DIR/pom.xml: a throw-away project whose build uses this
# repository's plugin (the version in ./pom.xml), so benchmarks run `mvn dbrestore:…` as a user does.
# Run from the project folder; prints the plugin version.
set -euo pipefail
dir=$1 artifact=$2
version=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | head -1)
mkdir -p "$dir"
cat > "$dir/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId><artifactId>$artifact</artifactId><version>1</version><packaging>pom</packaging>
  <build><plugins><plugin>
    <groupId>dev.dbrestore</groupId><artifactId>dbrestore-maven-plugin</artifactId><version>$version</version>
  </plugin></plugins></build>
</project>
POM
echo "$version"
