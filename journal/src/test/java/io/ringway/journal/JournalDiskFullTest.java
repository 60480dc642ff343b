package io.ringway.journal;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.Consumer;
import io.ringway.Producer;
import io.ringway.testing.SmallFileSystem;
import io.ringway.testing.TempChannelDirectory;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A journal on a file system that fills (a small tmpfs, mounted for the test): every segment's space is reserved when
 * it is created (LAYOUT 14.5), so the full file system is an error at the roll, before any record goes into the new
 * segment, and the recorder takes no message from the channel that it did not journal.
 */
class JournalDiskFullTest
{
    /** Channel messages: the sequence number and its square, so that a reader can check each one. */
    private static final int BODY_LENGTH = 16;
    private static final int TYPE_ID = 7;
    private static final long SEGMENT_LENGTH = 64 * 4096;

    @RegisterExtension
    final TempChannelDirectory channels = new TempChannelDirectory("journal-disk-full");

    @Test
    void shouldJournalEveryMessageUpToTheLastCommitExactlyOnceAndLeaveTheRestInTheChannelWhenTheFileSystemFills()
        throws Exception
    {
        try (SmallFileSystem small = SmallFileSystem.mount(2 * SEGMENT_LENGTH + 4096);
            Channel channel = Channel.create(channels.resolve("filling.ringway"), ChannelConfig.spsc(1 << 19));
            Producer producer = channel.producer())
        {
            final Path journal = small.directory().resolve("journal");
            final UnsafeBuffer body = new UnsafeBuffer(new byte[BODY_LENGTH]);
            long offered = 0;
            while (producer.offer(TYPE_ID, body, 0, encode(body, offered)))
            {
                offered++;
            }
            final JournalConfig config = new JournalConfig().segmentLength(SEGMENT_LENGTH);
            long recorded;
            try (Consumer consumer = channel.consumer();
                JournalWriter writer = JournalWriter.open(journal, config))
            {
                final JournalRecorder recorder = new JournalRecorder(consumer, writer, null);
                final JournalFileException full = assertThrows(JournalFileException.class, () ->
                {
                    while (recorder.poll(256) > 0)
                    {
                        // until the journal cannot take more
                    }
                }, "the file system must fill before the channel empties (offered " + offered + ")");
                recorded = recorder.recordedCount();
                assertEquals("fileLength", full.field(), full.getMessage());
                assertTrue(full.getMessage().contains("ENOSPC"), full.getMessage());
                assertTrue(full.getMessage().contains(JournalDescriptor.segmentFileName(recorded)), full.getMessage());
                assertEquals(recorded, writer.nextIndex());
                assertTrue(recorded > 0 && recorded < offered, "recorded=" + recorded + " offered=" + offered);
            }
            assertEquals(List.of(), temporaryFiles(journal), "a failed creation leaves no temporary file");

            try (JournalWriter reopened = JournalWriter.open(journal, config))
            {
                assertEquals(recorded, reopened.nextIndex(), "the journal reopens after its last commit");
            }
            final List<Long> journaled = new ArrayList<>();
            try (JournalReader reader = JournalReader.open(journal))
            {
                while (reader.poll((index, timestampNs, typeId, buffer, offset, length) ->
                {
                    assertEquals(index, decode(buffer, offset, length), "record " + index);
                    journaled.add(index);
                    return true;
                }, 1000) > 0)
                {
                    // to the tail
                }
            }
            assertEquals(recorded, journaled.size(), "every recorded message is in the journal");
            final List<Long> left = new ArrayList<>();
            try (Consumer consumer = channel.consumer())
            {
                while (consumer.poll((typeId, buffer, index, length) -> left.add(decode(buffer, index, length)),
                    1000) > 0)
                {
                    // to the channel's tail
                }
            }
            assertEquals(offered - recorded, left.size(), "the channel still holds every message not journaled");
            for (int k = 0; k < left.size(); k++)
            {
                assertEquals(recorded + k, left.get(k).longValue(), "channel message " + k + " after the journal's");
            }
        }
    }

    @Test
    void shouldRemoveTheTemporaryFileAndNameTheSegmentWhenItsSpaceCannotBeReserved() throws Exception
    {
        try (SmallFileSystem small = SmallFileSystem.mount(SEGMENT_LENGTH / 4))
        {
            final Path journal = small.directory().resolve("journal");
            final JournalFileException full = assertThrows(JournalFileException.class,
                () -> JournalWriter.open(journal, new JournalConfig().segmentLength(SEGMENT_LENGTH)).close());
            assertEquals("fileLength", full.field(), full.getMessage());
            assertTrue(full.getMessage().contains("file=" + journal.resolve(JournalDescriptor.segmentFileName(0))),
                full.getMessage());
            assertTrue(full.getMessage().contains("found=ENOSPC"), full.getMessage());
            assertTrue(full.getMessage().contains("expected=" + SEGMENT_LENGTH + " bytes reserved"),
                full.getMessage());
            assertFalse(full.getMessage().contains("\n"), "one line: " + full.getMessage());
            try (Stream<Path> files = Files.list(journal))
            {
                assertEquals(List.of(), files.toList(), "nothing left in the journal directory");
            }
        }
    }

    private static List<Path> temporaryFiles(final Path directory) throws Exception
    {
        try (Stream<Path> files = Files.list(directory))
        {
            return files.filter(path -> path.getFileName().toString().contains(JournalDescriptor.TEMPORARY_SUFFIX))
                .toList();
        }
    }

    private static int encode(final UnsafeBuffer body, final long sequence)
    {
        body.putLong(0, sequence);
        body.putLong(Long.BYTES, sequence * sequence);
        return BODY_LENGTH;
    }

    private static long decode(final org.agrona.DirectBuffer buffer, final int offset, final int length)
    {
        assertEquals(BODY_LENGTH, length);
        final long sequence = buffer.getLong(offset);
        assertEquals(sequence * sequence, buffer.getLong(offset + Long.BYTES), "message " + sequence + " whole");
        return sequence;
    }
}
