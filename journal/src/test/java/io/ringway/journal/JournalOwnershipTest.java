package io.ringway.journal;

import io.ringway.ChannelOpenOption;
import io.ringway.ProcessIdentity;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static io.ringway.journal.JournalTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * LAYOUT 14.1: the journal directory and its segments belong to this user unless the caller allows other owners, the
 * directory is no symlink and no other user may write it (a writer never accepts that; a reader only when it allows
 * other owners), no segment is a symlink, and a temporary segment name swapped by another process never breaks the
 * journal nor is followed.
 */
class JournalOwnershipTest
{
    private static final int NOBODY = 65534;

    @TempDir
    Path root;

    private Path journalWith(final long records) throws IOException
    {
        final Path journal = root.resolve("journal");
        try (JournalWriter writer = JournalWriter.open(journal, smallSegments()))
        {
            appendRecords(writer, 0, records);
        }
        return journal;
    }

    private static void assumeRoot()
    {
        assumeTrue(ProcessIdentity.effectiveUid() == 0, "needs root: chown to uid 65534 (nobody)");
    }

    private static void chown(final Path path, final int uid) throws IOException
    {
        Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
    }

    private static void chownTree(final Path journal, final int uid) throws IOException
    {
        chown(journal, uid);
        try (var files = Files.list(journal))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                chown(file, uid);
            }
        }
    }

    private static JournalFileException assertRefused(final String field, final Runnable open)
    {
        final JournalFileException error = assertThrows(JournalFileException.class, open::run);
        assertEquals(field, error.field(), error.getMessage());
        return error;
    }

    @Test
    void shouldRefuseAJournalDirectoryOfAnotherUserForWriterAndReader() throws IOException
    {
        assumeRoot();
        final Path journal = journalWith(10);
        chown(journal, NOBODY);
        final JournalFileException writing = assertRefused("owner",
            () -> JournalWriter.open(journal, smallSegments()).close());
        assertEquals("journal directory belongs to another user: file=" + journal + " field=owner found=uid 65534 " +
            "expected=uid 0 (or allow other owners)", writing.getMessage());
        final JournalFileException reading = assertRefused("owner", () -> JournalReader.open(journal).close());
        assertEquals(writing.getMessage(), reading.getMessage());
    }

    @Test
    void shouldRefuseToWriteIntoADirectoryOtherUsersMayWriteEvenWhenOtherOwnersAreAllowed() throws IOException
    {
        final Path journal = journalWith(10);
        for (final String mode : new String[] {"rwxrwxrwx", "rwxrwx---", "rwx-w----"})
        {
            Files.setPosixFilePermissions(journal, PosixFilePermissions.fromString(mode));
            final JournalFileException error = assertRefused("directory", () -> JournalWriter.open(journal,
                smallSegments().openOptions(ChannelOpenOption.ALLOW_OTHER_OWNER)).close());
            assertTrue(error.getMessage().startsWith("journal directory is writable by other users"), error.getMessage());
            assertTrue(error.getMessage().contains("found=mode 0" + Integer.toOctalString(
                (Integer)Files.getAttribute(journal, "unix:mode") & 0777)), error.getMessage());
            assertRefused("directory", () -> JournalReader.open(journal).close());
        }
        // a reader that allows other owners trusts what they write
        try (JournalReader reader = JournalReader.open(journal, ChannelOpenOption.ALLOW_OTHER_OWNER))
        {
            assertRecords(readAll(reader), 0, 10);
        }
    }

    @Test
    void shouldRefuseASegmentOfAnotherUserInEveryOpener() throws IOException
    {
        assumeRoot();
        final Path journal = journalWith(1200);
        final long[] segments = SegmentFiles.firstIndexes(journal);
        assertTrue(segments.length >= 3, "several segments");
        final Path foreign = SegmentFiles.path(journal, segments[1]);
        chown(foreign, NOBODY);
        try (JournalReader reader = JournalReader.open(journal))
        {
            final JournalFileException error = assertRefused("owner", () -> readAll(reader));
            assertEquals("journal segment belongs to another user: file=" + foreign + " field=owner " +
                "found=uid 65534 expected=uid 0 (or allow other owners)", error.getMessage());
        }
        chown(SegmentFiles.path(journal, segments[segments.length - 1]), NOBODY);
        assertRefused("owner", () -> JournalWriter.open(journal, smallSegments()).close());
    }

    @Test
    void shouldAcceptAnotherUsersJournalWhenOtherOwnersAreAllowed() throws IOException
    {
        assumeRoot();
        final Path journal = journalWith(1200);
        Files.setPosixFilePermissions(journal, PosixFilePermissions.fromString("rwxr-xr-x"));
        chownTree(journal, NOBODY);
        try (JournalReader reader = JournalReader.open(journal, ChannelOpenOption.ALLOW_OTHER_OWNER))
        {
            assertRecords(readAll(reader), 0, 1200);
        }
        try (JournalWriter writer = JournalWriter.open(journal,
            smallSegments().openOptions(ChannelOpenOption.ALLOW_OTHER_OWNER)))
        {
            appendRecords(writer, 1200, 1250);
        }
        try (JournalReader reader = JournalReader.open(journal, ChannelOpenOption.ALLOW_OTHER_OWNER))
        {
            assertRecords(readAll(reader), 0, 1250);
        }
    }

    @Test
    void shouldRefuseASymlinkedSegmentInEveryOpener() throws IOException
    {
        final Path journal = journalWith(1200);
        final long[] segments = SegmentFiles.firstIndexes(journal);
        final Path first = SegmentFiles.path(journal, segments[0]);
        final Path elsewhere = root.resolve("elsewhere.rwj");
        Files.move(first, elsewhere);
        Files.createSymbolicLink(first, elsewhere);
        final JournalFileException error = assertRefused("fileType", () -> JournalReader.open(journal).close());
        assertEquals("not a regular journal segment file: file=" + first + " field=fileType found=symlink " +
            "expected=regular file", error.getMessage());
        assertRefused("fileType",
            () -> JournalReader.open(journal, ChannelOpenOption.ALLOW_OTHER_OWNER, ChannelOpenOption.FOLLOW_SYMLINKS)
                .close());

        final Path last = SegmentFiles.path(journal, segments[segments.length - 1]);
        final Path lastElsewhere = root.resolve("last-elsewhere.rwj");
        Files.move(last, lastElsewhere);
        Files.createSymbolicLink(last, lastElsewhere);
        final byte[] before = Files.readAllBytes(lastElsewhere);
        assertRefused("fileType", () -> JournalWriter.open(journal, smallSegments()).close());
        assertArrayEquals(before, Files.readAllBytes(lastElsewhere), "the link's target is untouched");
    }

    @Test
    void shouldRefuseASymlinkedDirectoryUnlessAskedToFollowIt() throws IOException
    {
        final Path journal = journalWith(10);
        final Path link = root.resolve("link");
        Files.createSymbolicLink(link, journal);
        final JournalFileException error = assertRefused("directory", () -> JournalReader.open(link).close());
        assertEquals("journal directory is a symlink: file=" + link + " field=directory found=symlink " +
            "expected=a directory (or ask to follow symlinks)", error.getMessage());
        assertRefused("directory", () -> JournalWriter.open(link, smallSegments()).close());
        try (JournalReader reader = JournalReader.open(link, ChannelOpenOption.FOLLOW_SYMLINKS))
        {
            assertRecords(readAll(reader), 0, 10);
        }
        try (JournalWriter writer = JournalWriter.open(link,
            smallSegments().openOptions(ChannelOpenOption.FOLLOW_SYMLINKS)))
        {
            appendRecords(writer, 10, 12);
        }
    }

    @Test
    void shouldCleanOnlyStaleTemporariesThatAreRegularFilesOfThisUser() throws IOException
    {
        final Path journal = journalWith(10);
        final Path victim = root.resolve("victim");
        Files.write(victim, new byte[] {1, 2, 3});
        final long deadPid = deadPid();
        final Path staleOwn = journal.resolve(JournalDescriptor.segmentFileName(100) + ".tmp-" + deadPid);
        final Path staleLink = journal.resolve(JournalDescriptor.segmentFileName(200) + ".tmp-" + deadPid);
        Files.write(staleOwn, new byte[4096]);
        Files.createSymbolicLink(staleLink, victim);
        JournalWriter.open(journal, smallSegments()).close();
        assertFalse(Files.exists(staleOwn, LinkOption.NOFOLLOW_LINKS), "a dead writer's own temporary is removed");
        assertTrue(Files.isSymbolicLink(staleLink), "a symlink is left alone");
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(victim));
    }

    @Test
    void shouldRefuseARollWhoseTemporaryNameIsTakenAndRollOnceItIsGone() throws IOException
    {
        final Path journal = root.resolve("journal");
        final Path victim = root.resolve("victim");
        final byte[] victimBytes = new byte[8192];
        Arrays.fill(victimBytes, (byte)7);
        Files.write(victim, victimBytes);
        try (JournalWriter writer = JournalWriter.open(journal, smallSegments()))
        {
            appendRecords(writer, 0, 5);
            final long roll = nextRollIndex(writer);
            assertTrue(roll > 5);
            appendRecords(writer, 5, roll);
            final Path temporary = journal.resolve(JournalDescriptor.segmentFileName(roll) + ".tmp-" +
                ProcessHandle.current().pid());
            Files.createSymbolicLink(temporary, victim);
            final UnsafeBuffer body = new UnsafeBuffer(new byte[512]);
            final int length = encode(body, roll);
            final JournalFileException error = assertRefused("temporarySegment",
                () -> writer.append(typeIdOf(roll), body, 0, length));
            assertEquals("journal segment's temporary name is taken (never followed nor replaced): file=" + temporary +
                " field=temporarySegment found=symlink expected=absent, or a regular file of this user (remove what " +
                "is there)", error.getMessage());
            assertTrue(Files.isSymbolicLink(temporary));
            assertArrayEquals(victimBytes, Files.readAllBytes(victim), "the link is never followed");
            Files.delete(temporary);
            appendRecords(writer, roll, roll + 20);
        }
        try (JournalReader reader = JournalReader.open(journal))
        {
            assertRecords(readAll(reader), 0, nextRollIndexFrom(journal));
        }
        assertArrayEquals(victimBytes, Files.readAllBytes(victim));
    }

    /**
     * A racer keeps putting a symlink to a victim file at every temporary segment name the writer will use (before
     * the writer creates it, and in place of the writer's file after it did; it removes its link on its next pass)
     * while the writer rolls: no roll follows
     * the link, the victim is untouched, every segment is a regular file, and the journal works once the racer stops.
     */
    @Test
    void shouldNeverFollowNorKeepARacersSymlinkAtTheTemporarySegmentName() throws Exception
    {
        final Path dryRun = root.resolve("dry-run");
        final long records = 5000;
        try (JournalWriter writer = JournalWriter.open(dryRun, smallSegments()))
        {
            appendRecords(writer, 0, records);
        }
        final long[] rolls = SegmentFiles.firstIndexes(dryRun);
        assertTrue(rolls.length > 10, "the writer rolls many times");
        final Path journal = root.resolve("journal");
        final Path victim = root.resolve("victim");
        final byte[] victimBytes = new byte[16 * 4096];
        Arrays.fill(victimBytes, (byte)0x5A);
        Files.write(victim, victimBytes);
        final String suffix = ".tmp-" + ProcessHandle.current().pid();
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong swaps = new AtomicLong();
        final Thread racer = new Thread(() ->
        {
            final Path spare = root.resolve("spare-link");
            while (!stop.get())
            {
                // the name of the segment the writer creates next: right after the tail's, in the dry run's order
                final long[] existing = Files.isDirectory(journal) ? SegmentFiles.firstIndexes(journal) : new long[0];
                final long tail = existing.length == 0 ? 0 : existing[existing.length - 1];
                int k = 0;
                while (k < rolls.length && rolls[k] <= tail)
                {
                    k++;
                }
                if (k == rolls.length)
                {
                    continue;
                }
                final Path temporary = journal.resolve(JournalDescriptor.segmentFileName(rolls[k]) + suffix);
                for (int round = 0; round < 200 && !stop.get(); round++)
                {
                    try
                    {
                        if (Files.isSymbolicLink(temporary))
                        {
                            // its own link from the last round: gone for a while, so that the writer can roll
                            Files.delete(temporary);
                            continue;
                        }
                        Files.deleteIfExists(spare);
                        Files.createSymbolicLink(spare, victim);
                        // rename: replaces the writer's file when it is there, or plants the link before it comes
                        Files.move(spare, temporary, StandardCopyOption.ATOMIC_MOVE);
                        swaps.incrementAndGet();
                    }
                    catch (final IOException ignored)
                    {
                        // the journal directory is not there yet, or the writer is at the name
                    }
                }
            }
        }, "racer");
        final UnsafeBuffer body = new UnsafeBuffer(new byte[512]);
        long refusals = 0;
        long next = 0;
        try (JournalWriter writer = JournalWriter.open(journal, smallSegments()))
        {
            racer.start();
            while (swaps.get() == 0)
            {
                Thread.onSpinWait(); // the racer is at work before the writer rolls
            }
            while (next < records / 2)
            {
                final int length = encode(body, next);
                try
                {
                    assertEquals(next, writer.append(typeIdOf(next), body, 0, length));
                    next++;
                }
                catch (final JournalFileException ex)
                {
                    assertEquals("temporarySegment", ex.field(), ex.getMessage());
                    assertTrue(++refusals < 10_000_000, "the writer makes progress between the racer's passes");
                }
            }
            stop.set(true);
            racer.join();
            try (var files = Files.list(journal))
            {
                for (final Path file : (Iterable<Path>)files::iterator)
                {
                    if (Files.isSymbolicLink(file))
                    {
                        assertTrue(file.getFileName().toString().endsWith(suffix), "only temporary names: " + file);
                        Files.delete(file);
                    }
                }
            }
            appendRecords(writer, next, records);
        }
        assertTrue(swaps.get() > 0, "the racer swapped names");
        assertArrayEquals(victimBytes, Files.readAllBytes(victim), "the victim is untouched (refusals " +
            refusals + ")");
        for (final long firstIndex : SegmentFiles.firstIndexes(journal))
        {
            assertTrue(Files.isRegularFile(SegmentFiles.path(journal, firstIndex), LinkOption.NOFOLLOW_LINKS));
        }
        try (JournalReader reader = JournalReader.open(journal))
        {
            assertRecords(readAll(reader), 0, records);
        }
    }

    /** @return the index of the first record that will not fit in the writer's tail segment. */
    private static long nextRollIndex(final JournalWriter writer)
    {
        return writer.nextIndex() + fitting(writer);
    }

    private static long fitting(final JournalWriter writer)
    {
        long offset = writer.committedEnd();
        long i = writer.nextIndex();
        final long segmentLength = 16 * 4096;
        long count = 0;
        while (true)
        {
            final long aligned = JournalDescriptor.alignedRecordLength(bodyLength(i));
            if (offset + aligned > segmentLength)
            {
                return count;
            }
            offset += aligned;
            i++;
            count++;
        }
    }

    private static long nextRollIndexFrom(final Path journal)
    {
        try (JournalReader reader = JournalReader.open(journal))
        {
            reader.seekToEnd();
            return reader.nextIndex();
        }
    }

    private static long deadPid()
    {
        long pid = 4_000_000;
        while (ProcessHandle.of(pid).isPresent())
        {
            pid--;
        }
        return pid;
    }
}
