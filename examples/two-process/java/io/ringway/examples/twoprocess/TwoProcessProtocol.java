package io.ringway.examples.twoprocess;

/**
 * What the two-process example sends: DATA messages of 32 bytes (int64 sequence, int64 send time in ns, 16 bytes of
 * payload) and one END message carrying the count.
 */
final class TwoProcessProtocol
{
    static final int DATA_TYPE_ID = 1;
    static final int END_TYPE_ID = 2;
    static final int SEQUENCE_OFFSET = 0;
    static final int SEND_TIME_NS_OFFSET = 8;
    static final int DATA_LENGTH = 32;
    static final int COUNT_OFFSET = 0;
    static final int END_LENGTH = 8;
    static final int CAPACITY = 1 << 20;

    private TwoProcessProtocol()
    {
    }
}
