package io.ringway;

import io.ringway.testing.TempChannelDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every created file holds a random non-zero {@code channelId} (LAYOUT 3, layout 1.4), which names the file's kernel
 * objects on platforms whose wakeups need names: two files never share one.
 */
class ChannelIdTest
{
    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("channelid");

    @Test
    void everyCreatedChannelShouldHoldARandomNonZeroChannelIdOfItsOwn()
    {
        final long first = createdChannelId("first.ringway");
        final long second = createdChannelId("second.ringway");
        assertNotEquals(0, first);
        assertNotEquals(0, second);
        assertNotEquals(first, second);
    }

    private long createdChannelId(final String name)
    {
        try (Channel channel = Channel.create(directory.resolve(name), ChannelConfig.spsc(1024)))
        {
            return channel.headerBuffer().getLong(HeaderDescriptor.CHANNEL_ID_OFFSET);
        }
    }
}
