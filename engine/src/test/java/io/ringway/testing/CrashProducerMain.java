package io.ringway.testing;

import io.ringway.Channel;
import io.ringway.Producer;
import io.ringway.ProducerBatch;
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
 * and commits: the stall harness stops it there with SIGSTOP (layout 1.2, docs/LAYOUT.md 7.1). Messages go out by
 * offer, by tryClaim and commit, and every eighth (from the fifth) starts a batch of up to five written as a run
 * (docs/LAYOUT.md 6.1 and 6.2 "Runs"), so that kills also land inside runs.
 *
 * <p>Usage: {@code CrashProducerMain <channel file> <producerId> <progress file> <stallAfter, or -1> [pauseEvery]}
 */
public final class CrashProducerMain
{
    /** The most messages one batch of this producer takes. */
    private static final long BATCH_LENGTH = 5;

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
            final ProducerBatch batch = new ProducerBatch(0);
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
                else if (sequence % 8 == 4)
                {
                    // a batch of up to BATCH_LENGTH messages, written as runs (LAYOUT 6.1 and 6.2 "Runs"), that ends
                    // before the next stall or pause point; committed once offerBatch has written all of it
                    final long count = batchLength(sequence, stallAfter, pauseEvery);
                    progress.offering(sequence + count);
                    for (long i = 0; i < count; i++)
                    {
                        encodeSequence(scratch, 0, producerId, sequence + i);
                        batch.append(SEQUENCE_TYPE_ID, scratch, 0, sequenceLength(sequence + i));
                    }
                    while (batch.pending() > 0)
                    {
                        if (producer.offerBatch(batch) == 0)
                        {
                            Thread.onSpinWait();
                        }
                    }
                    sequence += count - 1;
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

    /**
     * @return how many messages from {@code sequence} the batch takes: up to {@link #BATCH_LENGTH}, none of them a stall
     *         or pause point after the first.
     */
    private static long batchLength(final long sequence, final long stallAfter, final long pauseEvery)
    {
        long count = 1;
        while (count < BATCH_LENGTH)
        {
            final long next = sequence + count;
            if (next == stallAfter || (pauseEvery > 0 && next % pauseEvery == pauseEvery - 1))
            {
                break;
            }
            count++;
        }
        return count;
    }
}
