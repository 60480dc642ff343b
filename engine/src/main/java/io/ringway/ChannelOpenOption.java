package io.ringway;

/**
 * What {@link Channel#open(java.nio.file.Path, ChannelOpenOption...)} accepts beyond its default: a regular file, not
 * a symlink, owned by this process's effective user (docs/GUARANTEES.md, threat model).
 */
public enum ChannelOpenOption
{
    /** Open a file owned by another user (e.g. a channel shared by a group through its permissions). */
    ALLOW_OTHER_OWNER,
    /** Follow a symlink at the path instead of refusing it. */
    FOLLOW_SYMLINKS
}
