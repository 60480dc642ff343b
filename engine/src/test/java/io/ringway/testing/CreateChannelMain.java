package io.ringway.testing;

import io.ringway.Channel;
import io.ringway.ChannelConfig;

import java.nio.file.Path;

/**
 * Creates an SPSC channel of 4096 bytes at the path given and closes it: exit 0, or 1 with the error on stderr. For
 * tests of create in a child JVM (e.g. one started without the JVM flags Agrona needs).
 */
public final class CreateChannelMain
{
    private CreateChannelMain()
    {
    }

    public static void main(final String[] args)
    {
        try
        {
            Channel.create(Path.of(args[0]), ChannelConfig.spsc(4096)).close();
        }
        catch (final Throwable ex)
        {
            System.err.println("create failed: " + ex);
            System.exit(1);
        }
    }
}
