#!/usr/bin/env bash
# The outside user of issue 22 ("Done means"), run by mvn verify (integration-test phase of this module), everything
# in a temporary directory outside the checkout:
#   Maven: installs ringway-bom, the parent, engine, codec and journal into a temporary local repository, builds a
#          separate project against engine + codec through ringway-bom and runs its consumer and producer as two
#          processes; a project naming ringway-journal without the BOM gets Chronicle at the tested versions.
#   C:     cmake --install of c-interop into a temporary prefix; a separate CMake project with find_package(ringway),
#          and the same program built with pkg-config; both run.
#   CLI:   the distribution tarball unpacked, a symlink to bin/ringway in a directory on PATH, run from elsewhere.
# The temporary repository's first remote is the user's local repository (file://), which the build has already
# filled; what the build never needed (the install plugin: mvn verify installs nothing) comes from Maven Central. Usage: outside-user.sh <user local repository> <ringway version> <skip C: true|false>
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
user_repo="$1"
version="$2"
skip_c="$3"

work="$(mktemp -d "${TMPDIR:-/tmp}/ringway-outside-user.XXXXXX")"
trap 'status=$?; if [ "$status" -eq 0 ]; then rm -rf "$work"; else echo "outside-user: failed; files kept in $work" >&2; fi' EXIT
step() { echo "outside-user: $*"; }
fail() { echo "outside-user: $*" >&2; exit 1; }

# --- Maven ---------------------------------------------------------------------------------------------------------
cat >"$work/settings.xml" <<SETTINGS
<settings>
    <profiles>
        <profile>
            <id>user-local-repository</id>
            <repositories>
                <repository>
                    <id>user-local-repository</id>
                    <url>file://$user_repo</url>
                </repository>
            </repositories>
            <pluginRepositories>
                <pluginRepository>
                    <id>user-local-repository</id>
                    <url>file://$user_repo</url>
                </pluginRepository>
            </pluginRepositories>
        </profile>
    </profiles>
    <activeProfiles>
        <activeProfile>user-local-repository</activeProfile>
    </activeProfiles>
</settings>
SETTINGS
mvn_user=(mvn -B -q -s "$work/settings.xml" -Dmaven.repo.local="$work/repository")
step "mvn install of engine, codec and journal into $work/repository"
"${mvn_user[@]}" -f "$root/pom.xml" install -DskipTests -pl engine,codec,journal -am
installed="$(cd "$work/repository/io/ringway" && ls | sort | tr '\n' ' ')"
[ "$installed" = "ringway-bom ringway-codec ringway-engine ringway-journal ringway-parent " ] ||
    fail "installed artifacts: found=$installed expected=ringway-bom ringway-codec ringway-engine ringway-journal ringway-parent"

step "a separate Maven project on engine + codec through ringway-bom"
cp -r "$here/user/java" "$work/orders"
"${mvn_user[@]}" -f "$work/orders/pom.xml" -Dringway.version="$version" package dependency:build-classpath \
    -Dmdep.outputFile="$work/orders/classpath.txt"
java_user=(java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED
    -cp "$work/orders/target/classes:$(cat "$work/orders/classpath.txt")" com.example.orders.Orders)
"${java_user[@]}" consume "$work/orders.ringway" 100000 >"$work/consumer.log" 2>&1 &
consumer_pid=$!
"${java_user[@]}" produce "$work/orders.ringway" 100000
wait "$consumer_pid" || { cat "$work/consumer.log" >&2; fail "the consumer failed"; }
grep -q "consumer: received 100000 orders in order" "$work/consumer.log" ||
    { cat "$work/consumer.log" >&2; fail "the consumer did not receive every order"; }
cat "$work/consumer.log"

step "a Maven project naming ringway-journal without the BOM"
mkdir -p "$work/journal-user"
cp "$here/user/journal-pom.xml" "$work/journal-user/pom.xml"
"${mvn_user[@]}" -f "$work/journal-user/pom.xml" -Dringway.version="$version" dependency:list \
    -DoutputFile="$work/journal-user/dependencies.txt" -DexcludeTransitive=false
"${mvn_user[@]}" -f "$root/pom.xml" -pl journal dependency:list -DoutputFile="$work/journal-build-dependencies.txt"
for artifact in chronicle-bytes chronicle-core; do
    got="$(grep -o "net.openhft:$artifact:jar:[^:]*" "$work/journal-user/dependencies.txt")"
    tested="$(grep -o "net.openhft:$artifact:jar:[^:]*" "$work/journal-build-dependencies.txt")"
    [ "$got" = "$tested" ] || fail "a ringway-journal user gets found=$got expected=$tested (what the build tests with)"
    echo "  $got"
done

# --- C -------------------------------------------------------------------------------------------------------------
if [ "$skip_c" = "true" ]; then
    step "C skipped (-Dringway.c.skip=true)"
else
    step "cmake --install of c-interop into $work/prefix"
    cmake -S "$root/c-interop" -B "$work/c-build" -DRINGWAY_BUILD_TESTS=OFF >"$work/c-build.log" 2>&1 ||
        { cat "$work/c-build.log" >&2; fail "configuring c-interop failed"; }
    cmake --install "$work/c-build" --prefix "$work/prefix" >>"$work/c-build.log" 2>&1 ||
        { cat "$work/c-build.log" >&2; fail "installing c-interop failed"; }

    step "a separate CMake project with find_package(ringway)"
    cmake -S "$here/user/c" -B "$work/c-user" -DCMAKE_PREFIX_PATH="$work/prefix" >"$work/c-user.log" 2>&1 &&
        cmake --build "$work/c-user" >>"$work/c-user.log" 2>&1 ||
        { cat "$work/c-user.log" >&2; fail "the find_package project did not build"; }
    "$work/c-user/user_app" "$work/c-user.ringway"

    step "the same program built with pkg-config"
    cflags="$(PKG_CONFIG_PATH="$work/prefix/share/pkgconfig" pkg-config --cflags ringway)"
    # shellcheck disable=SC2086
    cc -std=c11 -Wall -Wextra -Werror $cflags -o "$work/pkg-config-user" "$here/user/c/main.c"
    "$work/pkg-config-user" "$work/pkg-config-user.ringway"
fi

# --- the CLI distribution ------------------------------------------------------------------------------------------
step "the CLI distribution through a symlink on PATH"
mkdir -p "$work/opt" "$work/bin" "$work/elsewhere"
tar -xzf "$root/cli/target/ringway-$version.tar.gz" -C "$work/opt"
ln -s "$work/opt/ringway-$version/bin/ringway" "$work/bin/ringway"
# every bundled third-party jar is named, with a license, in THIRD-PARTY.txt
notices="$work/opt/ringway-$version/THIRD-PARTY.txt"
[ -f "$notices" ] || fail "the distribution has no THIRD-PARTY.txt"
# (a notice line reads "(licenses) name (group:artifact:version - url)"; a jar is artifact-version[-classifier].jar)
named="$(sed -nE 's/.*\([^ :()]+:([^ :()]+):([^ :()]+) - .*/\1-\2/p' "$notices")"
for jar in "$work/opt/ringway-$version/lib/"*.jar; do
    name="$(basename "$jar" .jar)"
    case "$name" in ringway-*) continue ;; esac
    found=""
    for prefix in $named; do
        case "$name" in "$prefix" | "$prefix"-*) found=yes ;; esac
    done
    [ -n "$found" ] || fail "THIRD-PARTY.txt does not name lib/$name.jar"
done
(
    cd "$work/elsewhere"
    export PATH="$work/bin:$PATH"
    ringway --version | grep -qx "ringway $version" || fail "ringway --version: found=$(ringway --version | head -1)"
    ringway create "$work/elsewhere/cli.ringway" --capacity 64k
    ringway check "$work/elsewhere/cli.ringway"
    # shellcheck disable=SC1091
    source "$work/opt/ringway-$version/share/bash-completion/completions/ringway"
    complete -p ringway | grep -q _complete_ringway || fail "the bash completion does not complete ringway"
)
step "all passed"
