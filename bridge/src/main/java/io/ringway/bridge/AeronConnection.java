package io.ringway.bridge;

import io.aeron.Aeron;
import io.aeron.CommonContext;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bridge side's Aeron client, on an external media driver (its aeron.dir) or on an embedded one that this side
 * launches in a directory of its own and deletes on close.
 */
final class AeronConnection implements AutoCloseable
{
    /** Tells apart the embedded drivers of one process (a test may run both sides in one JVM). */
    private static final AtomicInteger EMBEDDED_DRIVER_COUNT = new AtomicInteger();

    private final MediaDriver driver;
    private final Aeron aeron;

    private AeronConnection(final MediaDriver driver, final Aeron aeron)
    {
        this.driver = driver;
        this.aeron = aeron;
    }

    /**
     * @param aeronDirectory an external driver's directory, or {@code null} to launch an embedded driver (shared
     *                       threading mode: one driver thread, as the bridge side itself takes one core).
     * @param idle           how an embedded driver's thread waits: Aeron's own back-off for {@link BridgeIdle#BACKOFF},
     *                       else the same strategy as the side's (an external driver is configured by its owner).
     * @return the connection.
     */
    static AeronConnection connect(final String aeronDirectory, final BridgeIdle idle)
    {
        MediaDriver driver = null;
        String directory = aeronDirectory;
        if (directory == null)
        {
            directory = CommonContext.getAeronDirectoryName() + "-ringway-bridge-" + ProcessHandle.current().pid() + "-" +
                EMBEDDED_DRIVER_COUNT.incrementAndGet();
            final MediaDriver.Context context = new MediaDriver.Context()
                .aeronDirectoryName(directory)
                .threadingMode(ThreadingMode.SHARED)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true);
            if (idle != BridgeIdle.BACKOFF)
            {
                // SHARED: one thread runs the conductor, sender and receiver agents, idling with this strategy
                context.sharedIdleStrategy(idle.newIdleStrategy());
            }
            driver = MediaDriver.launch(context);
        }
        try
        {
            return new AeronConnection(driver, Aeron.connect(new Aeron.Context().aeronDirectoryName(directory)));
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(driver);
            throw ex;
        }
    }

    Aeron aeron()
    {
        return aeron;
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(aeron, driver);
    }
}
