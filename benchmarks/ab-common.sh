# Sourced by the A/B scripts (ab-pingpong.sh, ab-mpsc.sh): what they share.

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
