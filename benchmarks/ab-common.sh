# Sourced by the A/B scripts (ab-pingpong.sh, ab-mpsc.sh, ab-burst.sh): what they share.

# revision_tree <repository root> <revision or "worktree"> <scratch directory>: prints the directory holding that
# revision's files: the repository itself for "worktree", else a git archive of the revision unpacked into scratch.
revision_tree() {
    local root="$1" revision="$2" scratch="$3"
    if [ "$revision" = worktree ]; then
        echo "$root"
        return
    fi
    mkdir -p "$scratch"
    git -C "$root" archive "$revision" | tar -x -C "$scratch"
    echo "$scratch"
}

# build_benchmark_classpath <repository root> <side> <revision or "worktree"> <work directory> <caller>: builds that
# revision's benchmarks module and what it needs (no tests, no C or Go) and writes its classpath into
# <work directory>/<side>.classpath.
build_benchmark_classpath() {
    local root="$1" side="$2" revision="$3" work="$4" caller="$5" tree
    tree="$(revision_tree "$root" "$revision" "$work/$side-tree")"
    echo "$caller: building $side ($revision)" >&2
    (cd "$tree" && mvn -B -q package -pl benchmarks -am -DskipTests -Dringway.c.skip=true -Dringway.go.skip=true \
        >"$work/$side-mvn.log" 2>&1) || { cat "$work/$side-mvn.log" >&2; exit 1; }
    echo "$tree/benchmarks/target/classes:$(cat "$tree/benchmarks/target/classpath.txt")" >"$work/$side.classpath"
}
