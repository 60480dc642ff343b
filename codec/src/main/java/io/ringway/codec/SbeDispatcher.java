package io.ringway.codec;

import io.ringway.Channel;
import io.ringway.ChannelFileException;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Objects;

/**
 * Checks the SBE header of each record a {@link io.ringway.Consumer} delivers, then hands the message to an
 * {@link SbeMessageHandler}. A record that is not a message of the expected schema is reported with
 * {@link SbeMessageException}, never decoded:
 * <ul>
 *     <li>the body is shorter than the SBE header ({@code length});</li>
 *     <li>the header's schema id is not the expected one ({@code schemaId}): a message of another schema;</li>
 *     <li>the header's template id differs from the record's type id ({@code templateId});</li>
 *     <li>the root block does not fit in the body ({@code blockLength}).</li>
 * </ul>
 * Any version is accepted: older versions leave newer fields at their null values, newer versions are read by the
 * acting block length (see {@link SbeMessageHandler}). The handler sees a buffer bounded to the record body, so a
 * corrupt group count or data length in the message cannot make a decoder read another record's bytes.
 *
 * <pre>{@code
 * SbeDispatcher dispatcher = new SbeDispatcher(MessageHeaderDecoder.SCHEMA_ID, myHandler);
 * consumer.poll(dispatcher, 10);
 * }</pre>
 *
 * Allocates nothing per message. Not thread-safe: one dispatcher per consumer.
 */
public final class SbeDispatcher implements MessageHandler
{
    private final int schemaId;
    private final SbeMessageHandler handler;
    private final UnsafeBuffer bodyBuffer = new UnsafeBuffer(0, 0);

    /**
     * @param schemaId the id of the schema whose messages the handler decodes.
     * @param handler  receives the messages that pass the checks.
     */
    public SbeDispatcher(final int schemaId, final SbeMessageHandler handler)
    {
        this.schemaId = schemaId;
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    @Override
    public void onMessage(final int typeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        if (length < SbeHeader.LENGTH)
        {
            throw new SbeMessageException("record body shorter than the SBE message header", "length", length,
                ">=" + SbeHeader.LENGTH, "typeId=" + typeId);
        }
        final int foundSchemaId = SbeHeader.schemaId(buffer, index);
        final int templateId = SbeHeader.templateId(buffer, index);
        final int version = SbeHeader.version(buffer, index);
        if (foundSchemaId != schemaId)
        {
            throw new SbeMessageException("message from another SBE schema", "schemaId", foundSchemaId,
                Integer.toString(schemaId), "templateId=" + templateId + " version=" + version + " typeId=" + typeId);
        }
        if (templateId != typeId)
        {
            throw new SbeMessageException("SBE template id differs from the record type id", "templateId",
                templateId, Integer.toString(typeId), "schemaId=" + foundSchemaId + " version=" + version);
        }
        final int blockLength = SbeHeader.blockLength(buffer, index);
        if (blockLength > length - SbeHeader.LENGTH)
        {
            throw new SbeMessageException("SBE root block longer than the record body", "blockLength", blockLength,
                "<=" + (length - SbeHeader.LENGTH) + " (body length " + length + " - header " + SbeHeader.LENGTH + ")",
                "schemaId=" + foundSchemaId + " templateId=" + templateId + " version=" + version);
        }

        bodyBuffer.wrap(buffer, index, length);
        handler.onMessage(templateId, bodyBuffer, SbeHeader.LENGTH, blockLength, version);
    }

    /**
     * @return the schema id this dispatcher accepts.
     */
    public int schemaId()
    {
        return schemaId;
    }

    /**
     * Checks the schema a channel's header page says it carries (LAYOUT.md, header fields {@code schemaId} and
     * {@code schemaVersion}). A channel created without a schema (id 0) passes: its messages are checked one by one.
     *
     * @param channel  an open channel.
     * @param schemaId the schema id the caller reads or writes.
     * @throws ChannelFileException naming the file, the field, the id found and the id expected on a mismatch.
     */
    public static void requireChannelSchema(final Channel channel, final int schemaId)
    {
        final int found = channel.schemaId();
        if (found != 0 && found != schemaId)
        {
            throw new ChannelFileException("channel carries another SBE schema", channel.path(), "schemaId", found,
                schemaId + " (or 0: unspecified)");
        }
    }
}
