package io.ringway.testing;

import io.ringway.Channel;
import io.ringway.Producer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

import static io.ringway.testing.SequenceProtocol.*;

/**
 * A producer that runs until it is killed (docs/CONFORMANCE.md SEQUENCE traffic, no END), recording in a progress
 * file how many messages it has committed, so that a crash test can tell "lost" from "never committed"
 * ({@link ProgressFile}). With a stall point it claims one more message after that many and never commits it: the test
 * then kills it between claim and commit. With {@code pauseEvery > 0}, every pauseEvery-th message is claimed, then the
 * producer marks itself paused in the progress file and waits until the harness resumes it before it writes the body
 * and commits: the stall harness stops it there with SIGSTOP (layout 1.2, docs/LAYOUT.md 7.1).
 *
 * <p>Usage: {@code CrashProducerMain <channel file> <producerId> <progress file> <stallAfter, or -1> [pauseEvery]}
 */
public final class CrashProducerMain
{
    private CrashProducerMain()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final Path path = Path.of(args[0]);
        final long producerId = Long.parseLong(args[1]);
        final long stallAfter = Long.parseLong(args[3]);
        final long pauseEvery = args.length > 4 ? Long.parseLong(args[4]) : 0;
        final UnsafeBuffer scratch = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
        try (ProgressFile progress = ProgressFile.open(Path.of(args[2]));
            Channel channel = Channel.open(path))
        {
            final Producer producer = channel.producer();
            for (long sequence = 0; ; sequence++)
            {
                final int length = sequenceLength(sequence);
                if (sequence == stallAfter)
                {
                    while (producer.tryClaim(SEQUENCE_TYPE_ID, length) < 0)
                    {
                        Thread.onSpinWait();
                    }
                    progress.markStalled();
                    Thread.sleep(Long.MAX_VALUE);
                }
                if (pauseEvery > 0 && sequence % pauseEvery == pauseEvery - 1)
                {
                    int index;
                    while ((index = producer.tryClaim(SEQUENCE_TYPE_ID, length)) < 0)
                    {
                        Thread.onSpinWait();
                    }
                    progress.markPaused(sequence);
                    while (progress.isPaused())
                    {
                        LockSupport.parkNanos(100_000);
                    }
                    // the late body write and commit of a producer stopped between claim and commit
                    encodeSequence(producer.buffer(), index, producerId, sequence);
                    producer.commit(index);
                }
                else if ((sequence & 1) == 0)
                {
                    encodeSequence(scratch, 0, producerId, sequence);
                    while (!producer.offer(SEQUENCE_TYPE_ID, scratch, 0, length))
                    {
                        Thread.onSpinWait();
                    }
                }
                else
                {
                    int index;
                    while ((index = producer.tryClaim(SEQUENCE_TYPE_ID, length)) < 0)
                    {
                        Thread.onSpinWait();
                    }
                    encodeSequence(producer.buffer(), index, producerId, sequence);
                    producer.commit(index);
                }
                progress.committed(sequence + 1);
            }
        }
    }
}
