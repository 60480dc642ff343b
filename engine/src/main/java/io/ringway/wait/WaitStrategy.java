package io.ringway.wait;

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
 */
public final class WaitStrategy
{
    /** Spins then yields of {@link #backoff()}: a few microseconds of spinning, then some yields, then park. */
    public static final int DEFAULT_BACKOFF_SPINS = 1_000;
    public static final int DEFAULT_BACKOFF_YIELDS = 50;

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
