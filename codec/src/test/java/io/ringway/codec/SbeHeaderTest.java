package io.ringway.codec;

import io.ringway.codec.marketdata.MessageHeaderDecoder;
import io.ringway.codec.marketdata.MessageHeaderEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SbeHeaderTest
{
    @Test
    void shouldMatchTheGeneratedMessageHeaderOfEverySchemaVersion()
    {
        assertEquals(SbeHeader.BLOCK_LENGTH_OFFSET, MessageHeaderEncoder.blockLengthEncodingOffset());
        assertEquals(SbeHeader.TEMPLATE_ID_OFFSET, MessageHeaderEncoder.templateIdEncodingOffset());
        assertEquals(SbeHeader.SCHEMA_ID_OFFSET, MessageHeaderEncoder.schemaIdEncodingOffset());
        assertEquals(SbeHeader.VERSION_OFFSET, MessageHeaderEncoder.versionEncodingOffset());
        assertEquals(SbeHeader.LENGTH, MessageHeaderEncoder.ENCODED_LENGTH);

        assertEquals(SbeHeader.BLOCK_LENGTH_OFFSET,
            io.ringway.codec.marketdata.v1.MessageHeaderEncoder.blockLengthEncodingOffset());
        assertEquals(SbeHeader.TEMPLATE_ID_OFFSET,
            io.ringway.codec.marketdata.v1.MessageHeaderEncoder.templateIdEncodingOffset());
        assertEquals(SbeHeader.SCHEMA_ID_OFFSET,
            io.ringway.codec.marketdata.v1.MessageHeaderEncoder.schemaIdEncodingOffset());
        assertEquals(SbeHeader.VERSION_OFFSET,
            io.ringway.codec.marketdata.v1.MessageHeaderEncoder.versionEncodingOffset());
        assertEquals(SbeHeader.LENGTH, io.ringway.codec.marketdata.v1.MessageHeaderEncoder.ENCODED_LENGTH);
    }

    @Test
    void shouldWriteWhatTheGeneratedHeaderDecoderReads()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[16]);

        SbeHeader.write(buffer, 4, 65535, 2, 1001, 2);

        final MessageHeaderDecoder decoder = new MessageHeaderDecoder().wrap(buffer, 4);
        assertEquals(65535, decoder.blockLength());
        assertEquals(2, decoder.templateId());
        assertEquals(1001, decoder.schemaId());
        assertEquals(2, decoder.version());
        assertEquals(65535, SbeHeader.blockLength(buffer, 4));
        assertEquals(2, SbeHeader.templateId(buffer, 4));
        assertEquals(1001, SbeHeader.schemaId(buffer, 4));
        assertEquals(2, SbeHeader.version(buffer, 4));
    }
}
