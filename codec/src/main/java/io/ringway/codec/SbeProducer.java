package io.ringway.codec;

import io.ringway.Producer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.sbe.MessageEncoderFlyweight;

import java.util.Objects;

/**
 * Encodes SBE messages in place in a channel: claims a record of the exact encoded length, writes the SBE header,
 * wraps the message encoder just after it, and commits once the caller has set the fields. The record's type id is the
 * message's template id. Nothing is copied and nothing is allocated.
 *
 * <pre>{@code
 * SbeProducer sbe = new SbeProducer(channel.producer());
 * NewOrderSingleEncoder order = sbe.tryClaim(newOrderEncoder, NewOrderSingleEncoder.BLOCK_LENGTH +
 *     NewOrderSingleEncoder.accountHeaderLength() + account.length());
 * if (order != null)
 * {
 *     order.clOrdId(42).securityId(5501).account(account);
 *     sbe.commit();
 * }
 * }</pre>
 *
 * The message length must be known before the claim, because a ring record cannot shrink or grow: it is the root
 * block plus, for each group, its header and entries, plus each variable-length field with its length prefix.
 * {@link #commit()} checks that the encoder wrote exactly that many bytes; the encoder is wrapped over a view of the
 * claimed record only, so it cannot write past it. Not thread-safe: one per producer.
 */
public final class SbeProducer
{
    private final Producer producer;
    private final AtomicBuffer ringBuffer;
    private final UnsafeBuffer claimBuffer = new UnsafeBuffer(0, 0);
    private MessageEncoderFlyweight claimedEncoder;
    private int claimedIndex = Producer.RING_FULL;
    private int claimedMessageLength;

    /**
     * @param producer the channel producer to claim records from.
     */
    public SbeProducer(final Producer producer)
    {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.ringBuffer = producer.buffer();
    }

    /**
     * Claims a record for one message and wraps the encoder over it, after a header written for that encoder's
     * message (block length, template id, schema id, version).
     *
     * @param encoder       the message's encoder (generated with {@code sbe.java.generate.interfaces=true}).
     * @param messageLength the encoded length of the message, SBE header excluded.
     * @param <E>           the encoder type.
     * @return the encoder, wrapped and ready for its fields to be set; or null when the ring is full (try later).
     * @throws IllegalStateException    when the previous claim was neither committed nor aborted.
     * @throws IllegalArgumentException when the message is shorter than its root block or longer than the channel
     *                                  accepts.
     */
    public <E extends MessageEncoderFlyweight> E tryClaim(final E encoder, final int messageLength)
    {
        if (claimedIndex != Producer.RING_FULL)
        {
            throw new IllegalStateException("previous SBE claim not committed or aborted: file=" +
                producer.channel().path() + " templateId=" + claimedEncoder.sbeTemplateId());
        }
        final int blockLength = encoder.sbeBlockLength();
        if (messageLength < blockLength)
        {
            throw new IllegalArgumentException("SBE message length shorter than its root block: field=messageLength" +
                " found=" + messageLength + " expected=>=" + blockLength + " templateId=" + encoder.sbeTemplateId());
        }
        final int bodyLength = SbeHeader.LENGTH + messageLength;
        final int index = producer.tryClaim(encoder.sbeTemplateId(), bodyLength);
        if (index == Producer.RING_FULL)
        {
            return null;
        }
        claimBuffer.wrap(ringBuffer, index, bodyLength);
        SbeHeader.write(claimBuffer, 0, blockLength, encoder.sbeTemplateId(), encoder.sbeSchemaId(),
            encoder.sbeSchemaVersion());
        encoder.wrap(claimBuffer, SbeHeader.LENGTH);
        claimedEncoder = encoder;
        claimedIndex = index;
        claimedMessageLength = messageLength;
        return encoder;
    }

    /**
     * Makes the claimed message visible to the consumer.
     *
     * @throws IllegalStateException when nothing is claimed, or when the encoder wrote a length other than the one
     *                               claimed (the record is then aborted: the consumer never sees it).
     */
    public void commit()
    {
        final int index = claimedIndex;
        if (index == Producer.RING_FULL)
        {
            throw new IllegalStateException("no SBE claim to commit: file=" + producer.channel().path());
        }
        final int encodedLength = claimedEncoder.encodedLength();
        claimedIndex = Producer.RING_FULL;
        if (encodedLength != claimedMessageLength)
        {
            producer.abort(index);
            throw new IllegalStateException("SBE message length differs from the claimed length, record aborted:" +
                " file=" + producer.channel().path() + " templateId=" + claimedEncoder.sbeTemplateId() +
                " field=encodedLength found=" + encodedLength + " expected=" + claimedMessageLength);
        }
        producer.commit(index);
    }

    /**
     * Gives up the claimed message: it becomes padding that the consumer skips.
     *
     * @throws IllegalStateException when nothing is claimed.
     */
    public void abort()
    {
        final int index = claimedIndex;
        if (index == Producer.RING_FULL)
        {
            throw new IllegalStateException("no SBE claim to abort: file=" + producer.channel().path());
        }
        claimedIndex = Producer.RING_FULL;
        producer.abort(index);
    }

    public Producer producer()
    {
        return producer;
    }
}
