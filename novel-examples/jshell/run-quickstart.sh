#!/bin/sh
# Opens novel-examples/jshell/quickstart.jsh in JShell with only the novelkit library artifact
# (novel-examples/novelkit, dev.novelkit:novelkit) and its runtime dependencies on the class path: not the CLI's
# novelkit.jar, so no picocli and no logging binding. Run from anywhere in a clone; needs Java 17 (jshell) and Maven.
# Extra arguments go to jshell (e.g. -R-Xmx2g).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
cpfile=novel-examples/novelkit/target/quickstart.classpath
# package and build-classpath in one reactor run, so the sibling modules resolve to their freshly built jars.
mvn -q -B -ntp package dependency:build-classpath -DskipTests -pl novel-examples/novelkit -am \
    -Dmdep.outputFile=target/quickstart.classpath -DincludeScope=runtime
jar=$(ls novel-examples/novelkit/target/novelkit-*.jar | grep -v -e '-tests\.jar$' -e '-sources\.jar$' | head -n 1)
exec jshell --class-path "$jar:$(cat "$cpfile")" "$@" novel-examples/jshell/quickstart.jsh
