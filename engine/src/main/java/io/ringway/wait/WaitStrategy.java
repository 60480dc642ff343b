package io.ringway.wait;

import io.ringway.OperatingSystem;

/**
 * How a consumer waits for messages, or a producer for space, when it has to wait: chosen per consumer and per producer
 * ({@code consumer.waitStrategy(WaitStrategy.backoff())}) and used by the waiting {@code poll} and {@code offer}.
 *
 * <ul>
 *     <li>{@link #busySpin()}: re-checks in a tight loop; lowest latency, burns a core while waiting.</li>
 *     <li>{@link #yielding()}: re-checks, yielding the CPU between checks; still never sleeps.</li>
 *     <li>{@link #backoff(int, int)}: spins, then yields, then parks on the channel's futex until woken.</li>
 *     <li>{@link #blocking()}: parks at once: costs no CPU while waiting, a wakeup (microseconds) to resume.</li>
 * </ul>
 *
 * Every wait has a timeout, given to the waiting call. Parking follows docs/LAYOUT.md section 9, so a parked
 * Java consumer is woken by a C or Go producer and the other way round. Immutable and shareable.
 *
 * <p>Parking is Linux's futex: on other platforms ({@link #PARKING_SUPPORTED} false) a strategy that parks is refused
 * when it is given to a consumer or producer, with an error naming the platform, and consumers and producers default
 * to {@link #yielding()}. On such a platform Java does not wake peers either: a C or Go consumer parked on a channel a
 * Java producer feeds is released by its wait's timeout (LAYOUT.md 9.6). Windows events (docs/PORTING.md) are not
 * implemented in Java: they could not be tested here.
 */
public final class WaitStrategy
{
    /** Spins then yields of {@link #backoff()}: a few microseconds of spinning, then some yields, then park. */
    public static final int DEFAULT_BACKOFF_SPINS = 1_000;
    public static final int DEFAULT_BACKOFF_YIELDS = 50;

    /** Re-checks of a spinning wait per read of the clock (a power of two; LAYOUT.md 8.1). */
    public static final int SPINS_PER_CLOCK_READ = 64;

    /** True where Java parks and wakes on a channel's wait words: Linux (futex). */
    public static final boolean PARKING_SUPPORTED = OperatingSystem.LINUX;

    private static final WaitStrategy BUSY_SPIN = new WaitStrategy("busySpin", Integer.MAX_VALUE, 0, false);
    private static final WaitStrategy YIELDING = new WaitStrategy("yielding", 0, Integer.MAX_VALUE, false);
    private static final WaitStrategy BLOCKING = new WaitStrategy("blocking", 0, 0, true);
    private static final WaitStrategy BACKOFF =
        new WaitStrategy("backoff", DEFAULT_BACKOFF_SPINS, DEFAULT_BACKOFF_YIELDS, true);

    private final String name;
    private final int spins;
    private final int yields;
    private final boolean parks;

    private WaitStrategy(final String name, final int spins, final int yields, final boolean parks)
    {
        this.name = name;
        this.spins = spins;
        this.yields = yields;
        this.parks = parks;
    }

    /**
     * @return the strategy consumers and producers start with: {@link #backoff()} where parking is supported, else
     * {@link #yielding()}.
     */
    public static WaitStrategy defaultStrategy()
    {
        return PARKING_SUPPORTED ? BACKOFF : YIELDING;
    }

    /**
     * Refuses a strategy that parks where parking is not supported, before any wait.
     *
     * @param strategy a strategy about to be given to a consumer or producer.
     * @return the strategy.
     * @throws UnsupportedOperationException when it parks and this platform cannot park.
     */
    public static WaitStrategy requireSupported(final WaitStrategy strategy)
    {
        if (strategy.parks && !PARKING_SUPPORTED)
        {
            throw new UnsupportedOperationException(parkingRefusal(System.getProperty("os.name", ""), strategy));
        }
        return strategy;
    }

    static String parkingRefusal(final String osName, final WaitStrategy strategy)
    {
        return "wait strategy " + strategy + " parks, and parking is not supported on this platform yet: " +
            "field=os.name found=" + osName +
            " expected=Linux (use WaitStrategy.busySpin() or WaitStrategy.yielding())";
    }

    /**
     * @return a strategy that re-checks in a tight loop ({@link Thread#onSpinWait()}) and never parks.
     */
    public static WaitStrategy busySpin()
    {
        return BUSY_SPIN;
    }

    /**
     * @return a strategy that re-checks and {@link Thread#yield()}s between checks, and never parks.
     */
    public static WaitStrategy yielding()
    {
        return YIELDING;
    }

    /**
     * @return {@link #backoff(int, int)} with {@link #DEFAULT_BACKOFF_SPINS} and {@link #DEFAULT_BACKOFF_YIELDS}.
     */
    public static WaitStrategy backoff()
    {
        return BACKOFF;
    }

    /**
     * @param spins  re-checks with {@link Thread#onSpinWait()} first, {@code >= 0}.
     * @param yields then re-checks with {@link Thread#yield()}, {@code >= 0}; after that, park on the futex.
     * @return a strategy that spins, then yields, then parks until woken or timed out.
     */
    public static WaitStrategy backoff(final int spins, final int yields)
    {
        if (spins < 0 || yields < 0)
        {
            throw new IllegalArgumentException("invalid backoff: field=" + (spins < 0 ? "spins" : "yields") +
                " found=" + Math.min(spins, yields) + " expected=>=0");
        }
        return new WaitStrategy("backoff", spins, yields, true);
    }

    /**
     * @return a strategy that parks on the futex after the first empty re-check.
     */
    public static WaitStrategy blocking()
    {
        return BLOCKING;
    }

    /**
     * Idles once, the {@code idleCount}-th time in a row that the caller found nothing to do.
     *
     * @param idleCount how many times in a row the caller has idled before, from 0.
     * @return true when the caller should now park on its futex (after the fence and re-check of LAYOUT.md 9); false
     *         when this method has spun or yielded and the caller should simply re-check.
     */
    public boolean idle(final int idleCount)
    {
        if (idleCount < spins)
        {
            Thread.onSpinWait();
            return false;
        }
        if (idleCount - spins < yields)
        {
            Thread.yield();
            return false;
        }
        return parks;
    }

    /**
     * Whether a waiting call reads the clock (for its deadline and the heartbeat) after its {@code idleCount}-th idle:
     * while the strategy spins, only once every {@link #SPINS_PER_CLOCK_READ} re-checks, since a clock read costs more
     * than a re-check (about 29 ns against 8 for an empty poll here, each timed in a loop of 20 million); after every
     * yield or park (LAYOUT.md 8.1).
     *
     * @param idleCount how many times in a row the caller has idled before, from 0, as given to {@link #idle(int)}.
     * @return true when the caller should read the clock after this idle.
     */
    public boolean readsClock(final int idleCount)
    {
        return idleCount >= spins || (idleCount & (SPINS_PER_CLOCK_READ - 1)) == SPINS_PER_CLOCK_READ - 1;
    }

    /**
     * @return true when this strategy ever parks on the futex.
     */
    public boolean parks()
    {
        return parks;
    }

    @Override
    public String toString()
    {
        return parks && spins + yields > 0 ?
            name + "(spins=" + spins + ", yields=" + yields + ")" : name;
    }
}
