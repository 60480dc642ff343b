package io.ringway.examples.twoprocess;

/**
 * What the two-process example sends: DATA messages of 32 bytes (int64 sequence, int64 send time in ns, 16 bytes of
 * payload) and one END message carrying the count. The bridge example (examples/bridge) sends the same.
 */
public final class TwoProcessProtocol
{
    public static final int DATA_TYPE_ID = 1;
    public static final int END_TYPE_ID = 2;
    public static final int SEQUENCE_OFFSET = 0;
    public static final int SEND_TIME_NS_OFFSET = 8;
    public static final int DATA_LENGTH = 32;
    public static final int COUNT_OFFSET = 0;
    public static final int END_LENGTH = 8;
    public static final int CAPACITY = 1 << 20;

    private TwoProcessProtocol()
    {
    }
}
