package io.ringway;

import io.ringway.testing.TempChannelDirectory;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every bad input gets a clear error naming the file, the field, the value found and the value expected.
 */
class ChannelFileErrorsTest
{
    private static final int CAPACITY = 1024;

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("errors");
    private Path path;

    @BeforeEach
    void nameChannelFile()
    {
        path = directory.resolve("channel.ringway");
    }

    private void createValidChannel()
    {
        Channel.create(path, ChannelConfig.spsc(CAPACITY)).close();
    }

    private void putInt(final long fileOffset, final int value) throws IOException
    {
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.WRITE))
        {
            file.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, value), fileOffset);
        }
    }

    private void putLong(final long fileOffset, final long value) throws IOException
    {
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.WRITE))
        {
            file.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, value), fileOffset);
        }
    }

    private ChannelFileException assertOpenFails(final String field, final String found, final String expected)
    {
        return assertFails(() -> Channel.open(path).close(), field, found, expected);
    }

    private ChannelFileException assertFails(
        final Executable action, final String field, final String found, final String expected)
    {
        final ChannelFileException ex = assertThrows(ChannelFileException.class, action);
        assertEquals(path, ex.file());
        assertEquals(field, ex.field(), ex.getMessage());
        assertTrue(ex.found().startsWith(found), "found: " + ex.getMessage());
        assertTrue(ex.expected().contains(expected), "expected: " + ex.getMessage());
        assertTrue(ex.getMessage().contains("file=" + path) && ex.getMessage().contains("field=" + field) &&
            ex.getMessage().contains("found=") && ex.getMessage().contains("expected="), ex.getMessage());
        return ex;
    }

    @Test
    void openShouldThrowTheFirstHeaderFindingWhileTheCheckReportsEveryOne() throws IOException
    {
        createValidChannel();
        putInt(HeaderDescriptor.HEADER_LENGTH_OFFSET, 512);
        putInt(HeaderDescriptor.TRAILER_LENGTH_OFFSET, 7);
        putInt(HeaderDescriptor.MAX_MESSAGE_LENGTH_OFFSET, 3);

        assertOpenFails("headerLength", "512", "4096");
        final byte[] bytes = Files.readAllBytes(path);
        final java.util.List<Finding> findings = HeaderCheck.header(new UnsafeBuffer(bytes), bytes.length);
        assertEquals(java.util.List.of("headerLength", "trailerLength", "maxMessageLength"),
            findings.stream().map(Finding::field).toList(), findings::toString);
        assertTrue(findings.stream().allMatch(f -> f.isError() && f.reason().equals("invalid header field")),
            findings::toString);
    }

    @Test
    void shouldNameTheSystemsReasonOnceWhenTheFileCannotBeCreatedAsCDoes()
    {
        path = directory.resolve("missing-directory").resolve("channel.ringway");

        final ChannelFileException ex = assertFails(() -> Channel.create(path, ChannelConfig.spsc(CAPACITY)).close(),
            "file", "open: No such file or directory", "created");

        // ringway.h's words: found=open: <strerror>, the path once
        assertEquals("open: No such file or directory", ex.found());
        assertEquals(1, ex.getMessage().split("file=", -1).length - 1, ex.getMessage());
    }

    @Test
    void shouldRejectFileShorterThanTheHeaderPage() throws IOException
    {
        Files.write(path, new byte[512]);
        assertOpenFails("fileLength", "512", ">=4096");
    }

    @Test
    void shouldRejectFileWithWrongMagic() throws IOException
    {
        createValidChannel();
        putLong(HeaderDescriptor.MAGIC_OFFSET, 0x1234);
        assertOpenFails("magic", "0x1234", "0x594157474e4952");
    }

    @Test
    void shouldRejectFileThatWasNeverInitialised() throws IOException
    {
        Files.write(path, new byte[8192]);
        assertOpenFails("layoutVersion", "0", "0x10005");
    }

    @Test
    void shouldRejectUnknownMajorVersion() throws IOException
    {
        createValidChannel();
        putInt(HeaderDescriptor.LAYOUT_VERSION_OFFSET, 2 << 16);
        assertOpenFails("layoutVersion.major", "2", "1");
    }

    @Test
    void shouldAcceptNewerMinorVersion() throws IOException
    {
        createValidChannel();
        putInt(HeaderDescriptor.LAYOUT_VERSION_OFFSET, (1 << 16) | 7);
        Channel.open(path).close();
    }

    @Test
    void shouldRejectCapacityThatIsNotAPowerOfTwo() throws IOException
    {
        createValidChannel();
        putInt(HeaderDescriptor.CAPACITY_OFFSET, 1000);
        assertOpenFails("capacity", "1000", "power of two");
    }

    @Test
    void shouldRejectTrailerBeyondTheEndOfTheFile() throws IOException
    {
        createValidChannel();
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw"))
        {
            file.setLength(HeaderDescriptor.HEADER_LENGTH + CAPACITY);
        }
        assertOpenFails("fileLength", String.valueOf(HeaderDescriptor.HEADER_LENGTH + CAPACITY),
            ">=" + HeaderDescriptor.fileLength(CAPACITY));
    }

    @Test
    void shouldRejectCapacityLargerThanTheFile() throws IOException
    {
        createValidChannel();
        putInt(HeaderDescriptor.CAPACITY_OFFSET, CAPACITY * 4);
        putInt(HeaderDescriptor.MAX_MESSAGE_LENGTH_OFFSET, CAPACITY / 2);
        assertOpenFails("fileLength", String.valueOf(HeaderDescriptor.fileLength(CAPACITY)),
            ">=" + HeaderDescriptor.fileLength(CAPACITY * 4));
    }

    @Test
    void shouldRejectUnknownRingKind() throws IOException
    {
        createValidChannel();
        putInt(HeaderDescriptor.RING_KIND_OFFSET, 9);
        assertOpenFails("ringKind", "9", "1 (SPSC) or 2 (MPSC)");
    }

    @Test
    void shouldRejectWrongMaxMessageLength() throws IOException
    {
        createValidChannel();
        putInt(HeaderDescriptor.MAX_MESSAGE_LENGTH_OFFSET, CAPACITY);
        assertOpenFails("maxMessageLength", String.valueOf(CAPACITY), String.valueOf(CAPACITY / 8));
    }

    @Test
    void shouldRejectTailPositionBehindHeadPosition() throws IOException
    {
        createValidChannel();
        putLong(HeaderDescriptor.HEADER_LENGTH + CAPACITY + TrailerDescriptor.HEAD_POSITION_OFFSET, 64);
        putLong(HeaderDescriptor.HEADER_LENGTH + CAPACITY + TrailerDescriptor.TAIL_POSITION_OFFSET, 8);
        assertOpenFails("tailPosition", "8", "[headPosition 64");
    }

    @Test
    void shouldRejectMissingFile()
    {
        assertOpenFails("file", "absent", "an existing file");
    }

    @Test
    void shouldRefuseToOverwriteAnExistingFile() throws IOException
    {
        Files.write(path, new byte[] {1, 2, 3});
        assertFails(() -> Channel.create(path, ChannelConfig.spsc(CAPACITY)), "file", "exists", "absent");
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(path), "the existing file is untouched");
    }

    @Test
    void shouldRefuseToCreateThroughASymlink() throws IOException
    {
        final Path target = directory.resolve("target");
        Files.createSymbolicLink(path, target);
        assertFails(() -> Channel.create(path, ChannelConfig.spsc(CAPACITY)), "file", "exists", "absent");
        assertFalse(Files.exists(target), "nothing was created at the symlink's target");
    }

    @Test
    void shouldCreateFilesReadableAndWritableByTheOwnerOnly() throws IOException
    {
        createValidChannel();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
    }

    @Test
    void shouldCreateFilesWithThePermissionsAskedForDespiteTheUmask() throws IOException
    {
        Channel.create(path, ChannelConfig.spsc(CAPACITY).withPermissions("rw-rw-rw-")).close();
        assertEquals("rw-rw-rw-", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
    }

    @Test
    void shouldRejectMessageLargerThanMaxLengthWithoutWritingIt()
    {
        try (Channel channel = Channel.create(path, ChannelConfig.mpsc(CAPACITY)))
        {
            final Producer producer = channel.producer();
            final UnsafeBuffer source = new UnsafeBuffer(new byte[CAPACITY]);
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> producer.offer(1, source, 0, CAPACITY / 8 + 1));
            assertTrue(ex.getMessage().contains("file=" + path) && ex.getMessage().contains("field=length") &&
                ex.getMessage().contains("found=" + (CAPACITY / 8 + 1)) &&
                ex.getMessage().contains("expected=0.." + CAPACITY / 8), ex.getMessage());
            assertThrows(IllegalArgumentException.class, () -> producer.tryClaim(1, CAPACITY / 8 + 1));
            assertEquals(0, channel.producerPosition(), "nothing was claimed");
            assertTrue(producer.offer(1, source, 0, CAPACITY / 8), "the largest allowed message is accepted");
        }
    }

    @Test
    void shouldRejectTypeIdBelowOne()
    {
        try (Channel channel = Channel.create(path, ChannelConfig.spsc(CAPACITY)))
        {
            final Producer producer = channel.producer();
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> producer.offer(0, new UnsafeBuffer(new byte[8]), 0, 8));
            assertTrue(ex.getMessage().contains("field=typeId found=0 expected=>=1"), ex.getMessage());
        }
    }

    @Test
    void shouldReportRingFullAsAReturnValueAndCountIt()
    {
        try (Channel channel = Channel.create(path, ChannelConfig.spsc(CAPACITY)))
        {
            final Producer producer = channel.producer();
            final UnsafeBuffer source = new UnsafeBuffer(new byte[CAPACITY / 8]);
            int written = 0;
            while (producer.offer(1, source, 0, CAPACITY / 8))
            {
                written++;
            }
            assertTrue(written > 0);
            assertFalse(producer.offer(1, source, 0, CAPACITY / 8));
            assertEquals(Producer.RING_FULL, producer.tryClaim(1, CAPACITY / 8));
            assertEquals(3, channel.backPressureCount());
        }
    }

    @Test
    void shouldReportAnEmptyFileAsNotInitialisedSoThatOpenOrCreateWaitsForItsCreator() throws IOException
    {
        // what a creator leaves between its exclusive create and the reservation of the file's blocks (LAYOUT 10.3)
        Files.createFile(path);

        final ChannelFileException ex = assertThrows(ChannelFileException.class, () -> Channel.open(path));

        assertEquals("fileLength", ex.field());
        assertEquals("0", ex.found());
        assertTrue(ex.getMessage().startsWith("channel file not initialised"), ex.getMessage());
    }

    @Test
    void shouldReportACorruptRecordLengthAndStopBeforeIt() throws IOException
    {
        try (Channel channel = Channel.create(path, ChannelConfig.spsc(CAPACITY)))
        {
            final Producer producer = channel.producer();
            final UnsafeBuffer source = new UnsafeBuffer(new byte[16]);
            assertTrue(producer.offer(1, source, 0, 16));
            assertTrue(producer.offer(2, source, 0, 16));
            // another process scribbles an impossible length into the second record
            putInt(HeaderDescriptor.HEADER_LENGTH + 24, 1 << 20);
            final Consumer consumer = channel.consumer();
            final int[] delivered = new int[1];
            final ChannelCorruptedException ex = assertThrows(ChannelCorruptedException.class,
                () -> consumer.poll((typeId, buffer, index, length) -> delivered[0]++, 10));
            assertEquals("length", ex.field());
            assertEquals(String.valueOf(1 << 20), ex.found());
            assertEquals(24, ex.position());
            assertEquals(1, delivered[0], "the good record before it was delivered");
            assertEquals(24, channel.consumerPosition(), "the consumer stopped before the bad record");
            assertThrows(ChannelCorruptedException.class, () -> consumer.poll((t, b, i, l) -> fail(), 10));
        }
    }

    @Test
    void shouldReportACorruptTypeId() throws IOException
    {
        try (Channel channel = Channel.create(path, ChannelConfig.mpsc(CAPACITY)))
        {
            final Producer producer = channel.producer();
            assertTrue(producer.offer(1, new UnsafeBuffer(new byte[8]), 0, 8));
            putInt(HeaderDescriptor.HEADER_LENGTH + RecordDescriptor.TYPE_ID_OFFSET, -7);
            final ChannelCorruptedException ex = assertThrows(ChannelCorruptedException.class,
                () -> channel.consumer().poll((t, b, i, l) -> fail(), 10));
            assertEquals("typeId", ex.field());
            assertEquals("-7", ex.found());
        }
    }

    @Test
    void shouldRefuseToUseAClosedChannel()
    {
        final Channel channel = Channel.create(path, ChannelConfig.spsc(CAPACITY));
        final Producer producer = channel.producer();
        channel.close();
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> producer.offer(1, new UnsafeBuffer(new byte[8]), 0, 8));
        assertTrue(ex.getMessage().contains("closed"), ex.getMessage());
    }
}
