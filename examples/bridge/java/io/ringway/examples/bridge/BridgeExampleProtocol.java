package io.ringway.examples.bridge;

/**
 * What the bridge example sends: DATA messages of 32 bytes (an int64 sequence, then zeros) and one END message carrying
 * the count. The bridge carries each message's type id and body unchanged.
 */
final class BridgeExampleProtocol
{
    static final int DATA_TYPE_ID = 1;
    static final int END_TYPE_ID = 2;
    static final int SEQUENCE_OFFSET = 0;
    static final int DATA_LENGTH = 32;
    static final int COUNT_OFFSET = 0;
    static final int END_LENGTH = 8;
    static final int CAPACITY = 1 << 20;
    static final long PROGRESS_INTERVAL_NS = 1_000_000_000L;

    private BridgeExampleProtocol()
    {
    }

    /** The Aeron channel of the data: the receiver's address. */
    static String aeronChannel(final String hostAndPort)
    {
        return "aeron:udp?endpoint=" + hostAndPort;
    }
}
