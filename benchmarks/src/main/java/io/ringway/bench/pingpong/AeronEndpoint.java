package io.ringway.bench.pingpong;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

/**
 * One process's side of an Aeron IPC benchmark: the side that owns the media driver launches it embedded (shared
 * threading mode, its conductor sleeping 1 ms when idle, so that on a 2-core machine it takes no core from the two
 * spinning benchmark threads: IPC data never passes through the driver), and both sides connect a client to it.
 */
public final class AeronEndpoint implements AutoCloseable
{
    private final MediaDriver driver;
    private final Aeron aeron;

    private AeronEndpoint(final MediaDriver driver, final Aeron aeron)
    {
        this.driver = driver;
        this.aeron = aeron;
    }

    /**
     * @param aeronDirectory the driver's directory (in /dev/shm).
     * @param launchDriver   true on the side that owns the driver; the other side must start after it.
     * @return a connected endpoint.
     */
    public static AeronEndpoint connect(final String aeronDirectory, final boolean launchDriver)
    {
        MediaDriver driver = null;
        if (launchDriver)
        {
            driver = MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(aeronDirectory)
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(new SleepingMillisIdleStrategy(1))
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true));
        }
        final Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDirectory));
        return new AeronEndpoint(driver, aeron);
    }

    public Aeron aeron()
    {
        return aeron;
    }

    /**
     * Offers until the publication takes the message; back-pressure and not-yet-connected are retried by spinning.
     *
     * @param publication where to send.
     * @param buffer      the message.
     * @param offset      its start.
     * @param length      its length.
     */
    public static void offer(
        final Publication publication, final DirectBuffer buffer, final int offset, final int length)
    {
        long result;
        while ((result = publication.offer(buffer, offset, length)) < 0)
        {
            if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
            {
                throw new IllegalStateException("aeron publication failed: channel=" + publication.channel() +
                    " field=offerResult found=" + result + " expected=>=0");
            }
        }
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(aeron, driver);
    }
}
