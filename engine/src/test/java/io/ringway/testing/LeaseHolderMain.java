package io.ringway.testing;

import io.ringway.Channel;

import java.nio.file.Path;

/**
 * A child process that opens a channel, attaches as consumer (or producer), prints {@code ATTACHED} and then waits to
 * be killed. Usage: {@code LeaseHolderMain <channel file> consumer|producer}
 */
public final class LeaseHolderMain
{
    private LeaseHolderMain()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final Channel channel = Channel.open(Path.of(args[0]));
        if ("producer".equals(args[1]))
        {
            channel.producer();
        }
        else
        {
            channel.consumer();
        }
        System.out.println("ATTACHED");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
