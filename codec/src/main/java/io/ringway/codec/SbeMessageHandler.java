package io.ringway.codec;

import org.agrona.DirectBuffer;

/**
 * Receives SBE messages from an {@link SbeDispatcher}, already checked against the expected schema. Wrap the decoder of
 * {@code templateId} with the acting block length and version given here, never the decoder's own: that is what lets
 * a reader built for an older version of the schema read messages written at a newer one.
 *
 * <pre>{@code
 * decoder.wrap(buffer, offset, actingBlockLength, actingVersion);
 * }</pre>
 */
@FunctionalInterface
public interface SbeMessageHandler
{
    /**
     * @param templateId        the message id (also the record's type id).
     * @param buffer            holds exactly the record body; valid only during the call.
     * @param offset            where the message's root block starts in {@code buffer} (after the SBE header).
     * @param actingBlockLength the root block length written by the sender.
     * @param actingVersion     the schema version of the sender.
     */
    void onMessage(int templateId, DirectBuffer buffer, int offset, int actingBlockLength, int actingVersion);
}
