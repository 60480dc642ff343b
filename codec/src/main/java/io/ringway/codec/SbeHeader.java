package io.ringway.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Layout of the SBE message header that starts the body of every SBE record in a channel (codec/LAYOUT-SBE-SECTION.md).
 * It is the standard SBE {@code messageHeader} composite: four little-endian uint16 fields. Offsets are from the start
 * of the record body; the message's root block follows at {@link #LENGTH}.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------+-------------------------------+
 *  |     blockLength (uint16)      |      templateId (uint16)      |  +0   root block length; message id = typeId
 *  +-------------------------------+-------------------------------+
 *  |      schemaId (uint16)        |       version (uint16)        |  +4   schema id and the writer's version
 *  +-------------------------------+-------------------------------+
 *  |                   root block (blockLength bytes)             ...  +8
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * A schema whose {@code messageHeader} differs from this one is not supported by these helpers; the codec tests check
 * that the generated header codecs agree with these constants.
 */
public final class SbeHeader
{
    public static final int BLOCK_LENGTH_OFFSET = 0;
    public static final int TEMPLATE_ID_OFFSET = 2;
    public static final int SCHEMA_ID_OFFSET = 4;
    public static final int VERSION_OFFSET = 6;
    /** Length of the header; the message's root block starts at this offset. */
    public static final int LENGTH = 8;

    private SbeHeader()
    {
    }

    public static int blockLength(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + BLOCK_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
    }

    public static int templateId(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + TEMPLATE_ID_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
    }

    public static int schemaId(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + SCHEMA_ID_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
    }

    public static int version(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + VERSION_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
    }

    /**
     * Writes a header.
     *
     * @param buffer      where to write.
     * @param offset      where the header starts.
     * @param blockLength root block length of the message.
     * @param templateId  message id.
     * @param schemaId    schema id.
     * @param version     schema version of the writer.
     */
    public static void write(
        final MutableDirectBuffer buffer,
        final int offset,
        final int blockLength,
        final int templateId,
        final int schemaId,
        final int version)
    {
        buffer.putShort(offset + BLOCK_LENGTH_OFFSET, (short)blockLength, ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(offset + TEMPLATE_ID_OFFSET, (short)templateId, ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(offset + SCHEMA_ID_OFFSET, (short)schemaId, ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(offset + VERSION_OFFSET, (short)version, ByteOrder.LITTLE_ENDIAN);
    }
}
