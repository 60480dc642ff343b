package io.ringway.cli;

import io.ringway.testing.TempChannelDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The fixed-rate ping of docs/PING_PONG.md ({@code --rate N}): round i is due at start + i / N and timed from then, so
 * that a late round's delay counts against it (coordinated omission corrected). No assertion on time: the accounting
 * is checked through a property every corrected run has and a run timed from the actual send does not.
 */
class PingPongRateTest
{
    private static final int ROUNDS = 2_000;
    /** Warm-up rounds: the measured rounds' schedule starts afresh after them. */
    private static final int WARMUP_ROUNDS = 500;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("pingpong-rate");

    @Test
    void shouldParseTheRateAndWriteItBackInTheArguments()
    {
        final PingPong.Options options = PingPong.Options.parse(
            new String[]{"ping", "in", "out", "10", "5", "spin", "--rate", "100000", "--length", "32"});

        assertEquals(100_000, options.ratePerSecond());
        assertEquals(options, PingPong.Options.parse(options.arguments().toArray(String[]::new)));
        assertEquals(0, PingPong.Options.parse(new String[]{"ping", "in", "out", "10", "5", "spin"}).ratePerSecond());
    }

    @Test
    void shouldRejectARateThatIsNotPositiveOrAboveOnePerNanosecond()
    {
        for (final String rate : new String[]{"0", "-1", "1000000001", "fast"})
        {
            assertThrows(IllegalArgumentException.class, () -> PingPong.Options.parse(
                new String[]{"ping", "in", "out", "10", "5", "spin", "--rate", rate}), rate);
        }
    }

    @Test
    void shouldScheduleEachRoundAtTheFloorOfStartPlusRoundOverRate()
    {
        final Random random = new Random(21);
        for (int i = 0; i < 10_000; i++)
        {
            final long rate = 1 + random.nextInt((int)PingPong.MAX_RATE_PER_SECOND);
            final long round = random.nextLong(1L << 40);
            final long startNs = random.nextLong();
            final long exact = BigInteger.valueOf(round).multiply(BigInteger.valueOf(NANOS_PER_SECOND))
                .divide(BigInteger.valueOf(rate)).longValueExact();
            assertEquals(startNs + exact, PingPong.intendedSendNs(startNs, round, rate),
                "round " + round + " rate " + rate);
        }
        assertEquals(7 + 333_333_333, PingPong.intendedSendNs(7, 1, 3));
        assertEquals(7 + NANOS_PER_SECOND, PingPong.intendedSendNs(7, 3, 3));
    }

    /**
     * At one round per nanosecond every round is late, and a round timed from its due time (end_i - start - i) can
     * fall by at most 1 ns from one round to the next, however the round trips vary: the echo of round i never comes
     * before that of round i - 1. Rounds timed from their actual send are independent round trips and break this
     * within a few rounds.
     */
    @Test
    void shouldTimeEveryRoundOfAFixedRateRunFromItsIntendedSendTime() throws Exception
    {
        final Path ping = directory.resolve("ping.ringway");
        final Path pong = directory.resolve("pong.ringway");
        final Path samples = directory.resolve("samples.bin");
        final CompletableFuture<PingPong.Result> pongSide = CompletableFuture.supplyAsync(
            () -> PingPong.run(PingPong.Options.of("pong", ping, pong, ROUNDS, WARMUP_ROUNDS, "yielding"), done -> { }));

        final PingPong.Result result = PingPong.run(PingPong.Options.of("ping", pong, ping, ROUNDS, WARMUP_ROUNDS, "yielding")
            .withRate(PingPong.MAX_RATE_PER_SECOND).withSamples(samples), done -> { });
        pongSide.get(60, TimeUnit.SECONDS);

        assertEquals(ROUNDS, result.rounds());
        final ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(samples)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(ROUNDS * Long.BYTES, bytes.remaining());
        long previous = bytes.getLong();
        assertTrue(previous > 0, "round 0: " + previous);
        for (int round = 1; round < ROUNDS; round++)
        {
            final long sample = bytes.getLong();
            assertTrue(sample >= previous - 1, "round " + round + ": " + sample + " ns after " + previous + " ns");
            previous = sample;
        }
    }
}
