package io.ringway.journal;

import org.agrona.DirectBuffer;

/**
 * Receives journal records from {@link JournalReader#poll(JournalHandler, int)}.
 */
@FunctionalInterface
public interface JournalHandler
{
    /**
     * @param index       the record's index in the journal.
     * @param timestampNs when the writer appended it, epoch nanoseconds.
     * @param typeId      the message type id.
     * @param buffer      holds the body; valid only during the call (it is the mapped segment: do not write to it).
     * @param offset      where the body starts in {@code buffer}.
     * @param length      body length.
     * @return {@code true} when the record is taken; {@code false} to stop the poll before it, so that the next poll
     *         delivers it again (back-pressure, e.g. a full channel during replay).
     */
    boolean onRecord(long index, long timestampNs, int typeId, DirectBuffer buffer, int offset, int length);
}
