package io.ringway.testing;

import io.ringway.Channel;
import io.ringway.Producer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import static io.ringway.testing.SequenceProtocol.*;

/**
 * A child process for cross-process tests: opens a channel and sends {@code count} SEQUENCE messages then END
 * (docs/CONFORMANCE.md), spinning on back-pressure. Alternates copy offers and zero-copy claims.
 *
 * <p>Usage: {@code SequenceProducerMain <channel file> <producerId> <count> [single]}, the arguments of c-interop's
 * {@code ringway_sequence_producer} and go-interop's {@code cmd/sequence_producer} ({@code single}, the default, is
 * the only mode: Java has no batch offer). Exit status 2 on bad arguments.
 */
public final class SequenceProducerMain
{
    private SequenceProducerMain()
    {
    }

    public static void main(final String[] args)
    {
        if (args.length < 3 || args.length > 4 || (args.length == 4 && !"single".equals(args[3])))
        {
            System.err.println("usage: SequenceProducerMain <channel file> <producerId> <count> [single]");
            System.exit(2);
        }
        final Path path = Path.of(args[0]);
        final long producerId = Long.parseLong(args[1]);
        final long count = Long.parseLong(args[2]);
        final UnsafeBuffer scratch = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
        long checksum = FNV_OFFSET_BASIS;
        try (Channel channel = Channel.open(path))
        {
            final Producer producer = channel.producer();
            for (long sequence = 0; sequence < count; sequence++)
            {
                final int length = sequenceLength(sequence);
                if ((sequence & 1) == 0)
                {
                    encodeSequence(scratch, 0, producerId, sequence);
                    while (!producer.offer(SEQUENCE_TYPE_ID, scratch, 0, length))
                    {
                        Thread.onSpinWait();
                    }
                    checksum = checksum(checksum, scratch, 0, length);
                }
                else
                {
                    int index;
                    while ((index = producer.tryClaim(SEQUENCE_TYPE_ID, length)) < 0)
                    {
                        Thread.onSpinWait();
                    }
                    encodeSequence(producer.buffer(), index, producerId, sequence);
                    checksum = checksum(checksum, producer.buffer(), index, length);
                    producer.commit(index);
                }
            }
            encodeEnd(scratch, 0, producerId, count, checksum);
            while (!producer.offer(END_TYPE_ID, scratch, 0, END_LENGTH))
            {
                Thread.onSpinWait();
            }
        }
    }
}
