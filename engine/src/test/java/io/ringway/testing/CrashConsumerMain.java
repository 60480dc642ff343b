package io.ringway.testing;

import io.ringway.Channel;
import io.ringway.Consumer;

import java.nio.file.Path;

import static io.ringway.testing.SequenceProtocol.*;

/**
 * A consumer that runs until it is killed: polls SEQUENCE messages one at a time and, after each poll, records in a
 * {@link ProgressFile} how many it has processed, stopping (idle, still polling) after {@code stopAfter} messages.
 * After a kill, a new consumer must start at that count or one after it (killed between the poll that released the
 * head and the record of it).
 *
 * <p>Usage: {@code CrashConsumerMain <channel file> <progress file> <stopAfter>}
 */
public final class CrashConsumerMain
{
    private CrashConsumerMain()
    {
    }

    public static void main(final String[] args)
    {
        final long stopAfter = Long.parseLong(args[2]);
        try (ProgressFile progress = ProgressFile.open(Path.of(args[1]));
            Channel channel = Channel.open(Path.of(args[0])))
        {
            final Consumer consumer = channel.consumer();
            final long[] processed = {0};
            while (true)
            {
                if (processed[0] < stopAfter)
                {
                    consumer.poll((typeId, buffer, index, length) ->
                    {
                        if (typeId != SEQUENCE_TYPE_ID || buffer.getLong(index + SEQUENCE_OFFSET) != processed[0])
                        {
                            System.exit(3); // out of order: the parent sees exit code 3 instead of a SIGKILL
                        }
                        processed[0]++;
                    }, 1);
                    progress.committed(processed[0]);
                }
                else
                {
                    progress.markStalled();
                    consumer.heartbeat();
                    Thread.onSpinWait();
                }
            }
        }
    }
}
