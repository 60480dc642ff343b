package io.ringway.bench.journal;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.bench.pingpong.PingPongArgs;
import io.ringway.bench.throughput.RingwayThroughput;
import io.ringway.bench.throughput.ThroughputArgs;
import io.ringway.journal.JournalConfig;
import io.ringway.journal.JournalRecorder;
import io.ringway.journal.JournalWriter;
import org.agrona.concurrent.MessageHandler;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Journaled messaging, one way, across processes: the producer is {@link RingwayThroughput}'s (offer into one SPSC
 * channel); this consumer side is a {@link JournalRecorder} that appends each message to a journal and then hands it
 * to the application (a tee), which counts and times it. Usage: {@code RingwayRecordThroughput consume <channel>
 * <journal directory> <warmup> <count> <length> <out>}, see {@link ThroughputArgs}; the producer side is
 * {@code RingwayThroughput produce <channel> ...}.
 */
public final class RingwayRecordThroughput
{
    private RingwayRecordThroughput()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final ThroughputArgs parsed = ThroughputArgs.parse(args, 2,
            "RingwayRecordThroughput consume <channel> <journal directory> <warmup> <count> <length> <out>");
        if (!parsed.isConsumer())
        {
            System.err.println("the producer side is RingwayThroughput produce <channel> <warmup> <count> <length>");
            System.exit(2);
        }
        final Channel channel = Channel.create(Path.of(parsed.address(0)),
            ChannelConfig.spsc(RingwayThroughput.CAPACITY));
        final ThroughputArgs.Receiver receiver = new ThroughputArgs.Receiver(parsed);
        final MessageHandler application = (typeId, buffer, index, length) -> receiver.onMessage(buffer.getLong(index));
        try (JournalWriter writer = JournalWriter.open(Path.of(parsed.address(1)), new JournalConfig()))
        {
            final JournalRecorder recorder = new JournalRecorder(channel.consumer(), writer, application);
            PingPongArgs.ready();
            while (!receiver.isDone())
            {
                recorder.poll(RingwayThroughput.POLL_LIMIT);
            }
        }
        channel.delete();
        receiver.write(parsed);
    }
}
