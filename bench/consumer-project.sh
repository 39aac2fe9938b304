# consumer-project.sh — sourced by the benchmarks that run the plugin as a user does (mvn dbrestore:…).
#
#   consumer_pom DIR ARTIFACT                  writes DIR/pom.xml: a pom-packaged project named ARTIFACT
#                                              whose build uses this repository's plugin (the version in
#                                              ./pom.xml); prints that version
#   consumer_project DIR ARTIFACT [MVN_ARGS...] installs the plugin first (mvn install, tests skipped;
#                                              MVN_ARGS such as -Dmaven.repo.local=… choose the repository)
#
# Run from the project folder. The caller writes DIR/restore-profiles.yml.
consumer_pom() {
  local dir=$1 artifact=$2 version
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
}

consumer_project() {
  local dir=$1 artifact=$2
  shift 2
  mvn -B -q -o "$@" install -DskipTests -Dinvoker.skip=true
  consumer_pom "$dir" "$artifact" >/dev/null
}
