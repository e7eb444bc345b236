#!/usr/bin/env bash
# "camel" (camel-jbang 4.17.0) without JBang: resolves camel-jbang-core from Maven Central once (Maven), then runs
# its command line with the JDK's source launcher. Usage as camel's: examples/esb/camel.sh run <files> [options]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
classpath="$here/camel-cli/target/classpath.txt"
if [ ! -s "$classpath" ]; then
  mvn -q -B -f "$here/camel-cli/pom.xml" dependency:build-classpath -Dmdep.outputFile="$classpath"
fi
exec java -cp "$(cat "$classpath")" "$here/camel-cli/CamelJBang.java" "$@"
