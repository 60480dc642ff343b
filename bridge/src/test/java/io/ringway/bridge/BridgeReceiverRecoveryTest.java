package io.ringway.bridge;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.Producer;
import io.ringway.testing.TempChannelDirectory;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A receiver killed between "pending index I at tail T" and "delivered I" in its state file (docs/BRIDGE.md 4): the
 * next receiver counts I delivered exactly when the channel holds it.
 */
class BridgeReceiverRecoveryTest
{
    private static final long LAST_DELIVERED = 5;
    private static final long PENDING = 6;

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("bridge-recovery");

    @Test
    void shouldCountThePendingIndexDeliveredWhenTheKilledReceiverHadWrittenIt() throws Exception
    {
        assertEquals(PENDING, recover(true));
    }

    @Test
    void shouldCountThePendingIndexUndeliveredWhenTheKilledReceiverHadNotWrittenIt() throws Exception
    {
        assertEquals(LAST_DELIVERED, recover(false));
    }

    private long recover(final boolean written) throws Exception
    {
        final Path out = directory.resolve("out.ringway");
        final Path stateFile = directory.resolve("receiver.state");
        try (Channel channel = Channel.create(out, ChannelConfig.spsc(1 << 12)))
        {
            try (BridgeStateFile state = BridgeStateFile.open(stateFile, BridgeStateFile.ROLE_RECEIVER);
                Producer producer = channel.producer())
            {
                state.putLongRelease(BridgeStateFile.LAST_DELIVERED_INDEX_OFFSET, LAST_DELIVERED);
                state.putLongRelease(BridgeStateFile.PENDING_TAIL_POSITION_OFFSET, channel.producerPosition());
                state.putLongRelease(BridgeStateFile.PENDING_INDEX_OFFSET, PENDING);
                if (written)
                {
                    assertTrue(producer.offer(1, new UnsafeBuffer(new byte[8]), 0, 8));
                }
            }
            final BridgeConfig config = new BridgeConfig(out, "aeron:udp?endpoint=127.0.0.1:" +
                BridgePipeline.freeUdpPort()).stateFile(stateFile);
            try (BridgeReceiver receiver = new BridgeReceiver(config))
            {
                return receiver.lastDeliveredIndex();
            }
        }
    }
}
