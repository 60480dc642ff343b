package io.ringway;

import io.ringway.testing.TempChannelDirectory;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * Whatever bytes another process left in a file, opening it either succeeds or fails with a
 * {@link ChannelFileException}, and polling it either delivers messages inside the ring or stops with a
 * {@link ChannelCorruptedException}: never another exception, a read outside the mapping, or an endless loop.
 */
class HostileBytesPropertyTest
{
    private static final int EXAMPLES = Integer.getInteger("ringway.property.examples", 500);
    private static final long SEED = Long.getLong("ringway.property.seed", System.nanoTime());
    private static final int CAPACITY = 1024;

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("hostile");

    @Test
    void openingAFileOfRandomBytesShouldSucceedOrNameTheBadField()
    {
        System.out.println("HostileBytesPropertyTest random files seed=" + SEED);
        final AtomicLong runs = new AtomicLong();
        qt().withExamples(EXAMPLES).withFixedSeed(SEED)
            .forAll(integers().between(0, 3 * 4096), longs().all())
            .checkAssert((length, byteSeed) ->
            {
                final byte[] bytes = new byte[length];
                new Random(byteSeed).nextBytes(bytes);
                final Path path = write("random-" + runs.incrementAndGet(), bytes);
                openAndPoll(path);
            });
        assertTrue(runs.get() >= EXAMPLES * 9 / 10, "examples run: " + runs.get() + " of " + EXAMPLES);
    }

    @Test
    void aValidChannelWithRandomBytesWrittenOverItShouldOpenAndPollSafelyOrReportCorruption()
    {
        System.out.println("HostileBytesPropertyTest mutated files seed=" + SEED);
        final AtomicLong runs = new AtomicLong();
        qt().withExamples(EXAMPLES).withFixedSeed(SEED)
            .forAll(integers().between(1, 2), integers().between(1, 64), longs().all(), integers().between(0, 2))
            .checkAssert((kindCode, mutations, byteSeed, region) ->
            {
                final Path path = directory.resolve("mutated-" + runs.incrementAndGet() + ".ringway");
                try (Channel channel = Channel.create(path, ChannelConfig.of(RingKind.fromCode(kindCode), CAPACITY)))
                {
                    final Producer producer = channel.producer();
                    final UnsafeBuffer body = new UnsafeBuffer(new byte[CAPACITY / 8]);
                    final Random random = new Random(byteSeed);
                    while (producer.offer(1 + random.nextInt(5), body, 0, random.nextInt(CAPACITY / 8 + 1)))
                    {
                        // fill the ring with valid messages
                    }
                }
                final byte[] bytes = read(path);
                final Random random = new Random(byteSeed);
                // region 0: anywhere; 1: the header page; 2: the ring data area
                final int from = region == 2 ? HeaderDescriptor.HEADER_LENGTH : 0;
                final int to = region == 1 ? HeaderDescriptor.HEADER_LENGTH : bytes.length;
                for (int i = 0; i < mutations; i++)
                {
                    bytes[from + random.nextInt(to - from)] = (byte)random.nextInt();
                }
                write(path, bytes);
                openAndPoll(path);
            });
        assertTrue(runs.get() >= EXAMPLES * 9 / 10, "examples run: " + runs.get() + " of " + EXAMPLES);
    }

    private static void openAndPoll(final Path path)
    {
        final Channel channel;
        try
        {
            // unblock at once: every empty MPSC poll after the first runs the dead-claim rule (LAYOUT 7.1) on these bytes
            channel = Channel.open(path, ChannelSettings.DEFAULT.withUnblockTimeoutMs(0));
        }
        catch (final ChannelFileException expected)
        {
            assertEquals(path, expected.file());
            assertNotNull(expected.field());
            return;
        }
        try (channel)
        {
            assertNotNull(channel.status().toString());
            final Consumer consumer = channel.consumer();
            pollSafely(consumer, channel.capacity());
            // an SPSC producer's attach walks the records from the head to pad a dead predecessor's claim (LAYOUT 7.1)
            final Producer producer = channel.producer();
            final UnsafeBuffer body = new UnsafeBuffer(new byte[8]);
            for (int i = 0; i < 4; i++)
            {
                producer.offer(1, body, 0, 8);
            }
            pollSafely(consumer, channel.capacity());
        }
        catch (final ChannelCorruptedException expected)
        {
            assertEquals(path, expected.file());
        }
    }

    private static void pollSafely(final Consumer consumer, final int capacity)
    {
        for (int polls = 0; polls < 4; polls++)
        {
            consumer.poll((typeId, buffer, index, length) ->
            {
                assertTrue(typeId >= 1, "typeId " + typeId);
                assertTrue(index >= 0 && length >= 0 && index + length <= capacity,
                    "body inside the ring: index=" + index + " length=" + length);
            }, Integer.MAX_VALUE);
        }
    }

    private Path write(final String name, final byte[] bytes)
    {
        return write(directory.resolve(name + ".ringway"), bytes);
    }

    private static Path write(final Path path, final byte[] bytes)
    {
        try
        {
            return Files.write(path, bytes);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static byte[] read(final Path path)
    {
        try
        {
            return Files.readAllBytes(path);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
