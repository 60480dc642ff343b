package io.ringway.bridge;

import io.aeron.ExclusivePublication;
import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.testing.TempChannelDirectory;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static io.ringway.bridge.BridgeFrameDescriptor.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A receiver checks every frame before it writes anything into its channel: a frame of another version, or whose
 * entries run past its end, is an error naming the field, and the channel stays empty.
 */
class BridgeFrameTest
{
    private static final long HANG_GUARD_NS = TimeUnit.SECONDS.toNanos(30);

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("bridge-frame");

    @Test
    void shouldRejectAFrameOfAnotherVersion() throws Exception
    {
        final UnsafeBuffer frame = frame(1, 8);
        frame.putShort(VERSION_OFFSET, (short)(VERSION + 1));
        assertTrue(receive(frame, FRAME_HEADER_LENGTH + entryLength(8)).contains("field=version found=2 expected=1"));
    }

    @Test
    void shouldRejectAFrameWhoseBodyRunsPastItsEnd() throws Exception
    {
        final UnsafeBuffer frame = frame(1, 8);
        frame.putInt(FRAME_HEADER_LENGTH + ENTRY_BODY_LENGTH_OFFSET, 4096);
        assertTrue(receive(frame, FRAME_HEADER_LENGTH + entryLength(8)).contains("field=bodyLength found=4096"));
    }

    @Test
    void shouldRejectAFrameWithMoreEntriesThanItHolds() throws Exception
    {
        final UnsafeBuffer frame = frame(1, 8);
        frame.putInt(ENTRY_COUNT_OFFSET, 1_000_000);
        assertTrue(receive(frame, FRAME_HEADER_LENGTH + entryLength(8)).contains("field=entryCount found=1000000"));
    }

    private static UnsafeBuffer frame(final int typeId, final int bodyLength)
    {
        final UnsafeBuffer frame = new UnsafeBuffer(ByteBuffer.allocateDirect(256).order(ByteOrder.LITTLE_ENDIAN));
        frame.putShort(VERSION_OFFSET, VERSION);
        frame.putShort(FLAGS_OFFSET, (short)0);
        frame.putInt(ENTRY_COUNT_OFFSET, 1);
        frame.putLong(FRAME_HEADER_LENGTH + ENTRY_SEQUENCE_OFFSET, 0);
        frame.putInt(FRAME_HEADER_LENGTH + ENTRY_TYPE_ID_OFFSET, typeId);
        frame.putInt(FRAME_HEADER_LENGTH + ENTRY_BODY_LENGTH_OFFSET, bodyLength);
        return frame;
    }

    /** Publishes one raw frame to a receiver and returns the message of the error its duty cycle raised. */
    private String receive(final UnsafeBuffer frame, final int length) throws Exception
    {
        final Path out = directory.resolve("out.ringway");
        final String uri = "aeron:udp?endpoint=127.0.0.1:" + BridgePipeline.freeUdpPort();
        try (Channel channel = Channel.create(out, ChannelConfig.spsc(1 << 12));
            BridgeReceiver receiver = new BridgeReceiver(new BridgeConfig(out, uri));
            AeronConnection peer = AeronConnection.connect(null, BridgeIdle.BACKOFF);
            ExclusivePublication publication = peer.aeron().addExclusivePublication(uri, BridgeConfig.DEFAULT_STREAM_ID))
        {
            final long deadlineNs = System.nanoTime() + HANG_GUARD_NS;
            while (publication.offer(frame, 0, length) < 0)
            {
                receiver.doWork();
                assertTrue(System.nanoTime() - deadlineNs < 0, "hang guard: publication never connected");
            }
            while (true)
            {
                try
                {
                    receiver.doWork();
                }
                catch (final IllegalStateException ex)
                {
                    assertEquals(0, channel.producerPosition(), "nothing written into the channel");
                    return ex.getMessage();
                }
                assertTrue(System.nanoTime() - deadlineNs < 0, "hang guard: the frame never arrived");
            }
        }
    }
}
