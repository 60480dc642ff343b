package io.ringway.journal;

import io.ringway.ChannelOpenOption;
import io.ringway.ProcessIdentity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Arrays;
import java.util.List;

/**
 * Who may own a journal's directory and segments, and whether its directory may be reached through a symlink
 * (docs/LAYOUT.md 14.1): the channel rules of LAYOUT 10.2 and 10.3 applied to journals. By default the directory and
 * every segment must belong to this process's effective uid, the directory must not be a symlink, and no user but its
 * owner may write it. {@link ChannelOpenOption#ALLOW_OTHER_OWNER} accepts other owners (and, for a reader, a directory
 * that others may write); {@link ChannelOpenOption#FOLLOW_SYMLINKS} follows a symlink at the directory's path. A
 * segment is never reached through a symlink.
 */
final class JournalAccess
{
    /** What every opener accepts by default. */
    static final JournalAccess STRICT = new JournalAccess(false, false);

    /** Group write (020) and other write (002). */
    private static final int OTHERS_WRITE = 022;

    final boolean allowOtherOwner;
    final boolean followSymlinks;
    private final int ownUid = ProcessIdentity.effectiveUid();

    private JournalAccess(final boolean allowOtherOwner, final boolean followSymlinks)
    {
        this.allowOtherOwner = allowOtherOwner;
        this.followSymlinks = followSymlinks;
    }

    static JournalAccess of(final ChannelOpenOption... options)
    {
        final List<ChannelOpenOption> list = Arrays.asList(options);
        return list.isEmpty() ? STRICT : new JournalAccess(list.contains(ChannelOpenOption.ALLOW_OTHER_OWNER),
            list.contains(ChannelOpenOption.FOLLOW_SYMLINKS));
    }

    /**
     * LAYOUT 14.1: checks the journal directory. A writer never accepts a directory that users other than its owner
     * may write (they could plant or swap segments); a reader accepts one only when it allows other owners.
     *
     * @param directory the journal directory.
     * @param writer    true for a writer.
     * @throws JournalFileException field {@code directory} (absent, not a directory, a symlink, writable by others) or
     *                              {@code owner}.
     */
    void checkDirectory(final Path directory, final boolean writer)
    {
        final PosixFileAttributes attributes;
        final int ownerUid;
        final int mode;
        try
        {
            final LinkOption[] links = followSymlinks ? new LinkOption[0] :
                new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
            attributes = Files.readAttributes(directory, PosixFileAttributes.class, links);
            ownerUid = (Integer)Files.getAttribute(directory, "unix:uid", links);
            mode = (Integer)Files.getAttribute(directory, "unix:mode", links);
        }
        catch (final NoSuchFileException ex)
        {
            throw new JournalFileException("not a journal directory", directory, "directory", "absent",
                "a directory", ex);
        }
        catch (final IOException | UnsupportedOperationException ex)
        {
            throw new JournalFileException("not a journal directory", directory, "directory", ex.toString(),
                "a directory", ex);
        }
        if (attributes.isSymbolicLink())
        {
            throw new JournalFileException("journal directory is a symlink", directory, "directory", "symlink",
                "a directory (or ask to follow symlinks)");
        }
        if (!attributes.isDirectory())
        {
            throw new JournalFileException("not a journal directory", directory, "directory", "not a directory",
                "a directory");
        }
        if (ownerUid != ownUid && !allowOtherOwner)
        {
            throw new JournalFileException("journal directory belongs to another user", directory, "owner",
                "uid " + ownerUid, "uid " + ownUid + " (or allow other owners)");
        }
        if ((mode & OTHERS_WRITE) != 0 && (writer || !allowOtherOwner))
        {
            throw new JournalFileException("journal directory is writable by other users (they could plant or swap " +
                "segments)", directory, "directory", "mode 0" + Integer.toOctalString(mode & 07777),
                writer ? "no group or other write bit" : "no group or other write bit (or allow other owners)");
        }
    }

    /**
     * LAYOUT 14.1: a segment's owner, read through its open descriptor.
     */
    void checkSegmentOwner(final Path segment, final int ownerUid)
    {
        if (ownerUid != ownUid && !allowOtherOwner)
        {
            throw new JournalFileException("journal segment belongs to another user", segment, "owner",
                "uid " + ownerUid, "uid " + ownUid + " (or allow other owners)");
        }
    }

    int ownUid()
    {
        return ownUid;
    }
}
