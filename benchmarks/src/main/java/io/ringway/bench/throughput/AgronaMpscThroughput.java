package io.ringway.bench.throughput;

import io.ringway.bench.pingpong.PingPongArgs;
import org.agrona.IoUtil;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;

/**
 * Many producer processes into one consumer over Agrona's {@link ManyToOneRingBuffer} on a mapped file (the MPSC
 * peer of the Ringway MPSC rows): the consumer creates the file ({@link RingwayThroughput#CAPACITY} plus Agrona's
 * trailer), each producer maps it and copies messages in with {@code write}, the consumer reads batches of up to
 * {@link RingwayThroughput#POLL_LIMIT}. Usage: see {@link ThroughputArgs} ({@code --producers N}); the one address is
 * the file, which the consumer deletes at the end.
 */
public final class AgronaMpscThroughput
{
    private static final int TYPE_ID = 1;
    private static final int FILE_LENGTH = RingwayThroughput.CAPACITY + RingBufferDescriptor.TRAILER_LENGTH;

    private AgronaMpscThroughput()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final ThroughputArgs parsed = ThroughputArgs.parse(args, 1,
            "AgronaMpscThroughput --producers N consume <file> <warmup> <count> <length> <out>" +
            " | --producers N --producer I produce <file> <warmup> <count> <length>");
        final File file = new File(parsed.address(0));
        if (parsed.isConsumer())
        {
            final MappedByteBuffer mapped = IoUtil.mapNewFile(file, FILE_LENGTH);
            try
            {
                final ManyToOneRingBuffer ring = new ManyToOneRingBuffer(new UnsafeBuffer(mapped));
                final ThroughputArgs.Receiver receiver = new ThroughputArgs.Receiver(parsed);
                final MessageHandler handler =
                    (typeId, buffer, index, length) -> receiver.onMessage(buffer.getLong(index));
                PingPongArgs.ready();
                while (!receiver.isDone())
                {
                    ring.read(handler, RingwayThroughput.POLL_LIMIT);
                }
                receiver.write(parsed);
            }
            finally
            {
                IoUtil.unmap(mapped);
                Files.deleteIfExists(file.toPath());
            }
            return;
        }
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(file, "agrona mpsc ring");
        try
        {
            final ManyToOneRingBuffer ring = new ManyToOneRingBuffer(new UnsafeBuffer(mapped));
            final UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(parsed.length()));
            final long total = parsed.total();
            for (long sequence = 0; sequence < total; sequence++)
            {
                message.putLong(0, parsed.firstWord(sequence));
                while (!ring.write(TYPE_ID, message, 0, parsed.length()))
                {
                    // ring full: spin
                }
            }
        }
        finally
        {
            IoUtil.unmap(mapped);
        }
    }
}
