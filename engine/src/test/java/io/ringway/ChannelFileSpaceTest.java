package io.ringway;

import io.ringway.testing.SmallFileSystem;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Create reserves the whole file (docs/LAYOUT.md, section 10.2): a full file system is an error at create, naming
 * ENOSPC and the file, and never a fault later in a producer or consumer touching a page nobody could back. Each test
 * mounts a small tmpfs of its own (skipped with a message where mounting is refused).
 */
class ChannelFileSpaceTest
{
    private static final long MIB = 1024 * 1024;
    private static final int CAPACITY = 1 << 20;
    private static final int MESSAGE_LENGTH = 3000;
    private static final int TYPE_ID = 7;

    @Test
    void shouldRefuseToCreateAChannelLargerThanItsFileSystemWithENOSPCOnOneLineAndRemoveTheFile() throws Exception
    {
        try (SmallFileSystem fileSystem = SmallFileSystem.mount(2 * MIB))
        {
            final Path path = fileSystem.directory().resolve("too-large.ringway");

            final ChannelFileException ex = assertThrows(ChannelFileException.class,
                () -> Channel.create(path, ChannelConfig.spsc(4 << 20)));

            assertEquals("fileLength", ex.field());
            assertTrue(ex.found().startsWith("ENOSPC"), ex.getMessage());
            assertEquals(path, ex.file());
            assertTrue(ex.getMessage().contains("file=" + path), ex.getMessage());
            assertTrue(ex.getMessage().contains("expected=" + HeaderDescriptor.fileLength(4 << 20)), ex.getMessage());
            assertFalse(ex.getMessage().contains("\n"), "one line: " + ex.getMessage());
            assertFalse(Files.exists(path), "a file that cannot be reserved is removed");
        }
    }

    @Test
    void shouldOfferAndPollThroughEveryPageOfTheRingAfterAnotherFileFilledTheFileSystem() throws Exception
    {
        try (SmallFileSystem fileSystem = SmallFileSystem.mount(2 * MIB))
        {
            final Path path = fileSystem.directory().resolve("fits.ringway");
            try (Channel channel = Channel.create(path, ChannelConfig.spsc(CAPACITY)))
            {
                fill(fileSystem.directory().resolve("filler"));

                final Producer producer = channel.producer();
                final Consumer consumer = channel.consumer();
                final UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(MESSAGE_LENGTH));
                // twice round the ring: every page of the data area is written and read, the trailer's too
                final int messageCount = 2 * CAPACITY / MESSAGE_LENGTH + 1;
                final long[] received = {0};
                for (int sequence = 0; sequence < messageCount; sequence++)
                {
                    message.setMemory(0, MESSAGE_LENGTH, (byte)sequence);
                    message.putInt(0, sequence);
                    assertTrue(producer.offer(TYPE_ID, message, 0, MESSAGE_LENGTH), "offer " + sequence);
                    final int expectedSequence = sequence;
                    assertEquals(1, consumer.poll((typeId, buffer, index, length) ->
                    {
                        assertEquals(TYPE_ID, typeId);
                        assertEquals(MESSAGE_LENGTH, length);
                        assertEquals(expectedSequence, buffer.getInt(index));
                        assertEquals((byte)expectedSequence, buffer.getByte(index + length - 1));
                        received[0]++;
                    }, 1));
                }
                assertEquals(messageCount, received[0]);
                assertTrue(channel.producerPosition() > 2L * CAPACITY, "the ring wrapped twice");
            }
        }
    }

    /**
     * Writes a file until its file system is full.
     */
    private static void fill(final Path filler) throws IOException
    {
        final byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler))
        {
            while (true)
            {
                out.write(chunk);
                out.flush();
            }
        }
        catch (final IOException ex)
        {
            if (!String.valueOf(ex.getMessage()).contains("No space left"))
            {
                throw ex;
            }
        }
        assertEquals(0, Files.getFileStore(filler).getUsableSpace(), "the file system is full");
    }
}
