package io.ringway.testing;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.ringway.testing.SequenceProtocol.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The verifier that every cross-process test relies on must notice each kind of fault it claims to detect.
 */
class SequenceVerifierTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);

    private void send(final SequenceVerifier verifier, final long producerId, final long sequence)
    {
        final int length = encodeSequence(buffer, 0, producerId, sequence);
        verifier.onBody(SEQUENCE_TYPE_ID, buffer, 0, length);
    }

    private long checksumOf(final long producerId, final long... sequences)
    {
        long checksum = FNV_OFFSET_BASIS;
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[256]);
        for (final long sequence : sequences)
        {
            final int length = encodeSequence(scratch, 0, producerId, sequence);
            checksum = checksum(checksum, scratch, 0, length);
        }
        return checksum;
    }

    private void end(final SequenceVerifier verifier, final long producerId, final long count, final long checksum)
    {
        verifier.onBody(END_TYPE_ID, buffer, 0, encodeEnd(buffer, 0, producerId, count, checksum));
    }

    @Test
    void shouldAcceptACompleteStreamFromEachProducer()
    {
        final SequenceVerifier verifier = new SequenceVerifier();
        send(verifier, 1, 0);
        send(verifier, 2, 0);
        send(verifier, 1, 1);
        end(verifier, 1, 2, checksumOf(1, 0, 1));
        end(verifier, 2, 1, checksumOf(2, 0));
        assertNull(verifier.firstError());
        assertTrue(verifier.allEnded(2));
    }

    @Test
    void shouldReportAGap()
    {
        final SequenceVerifier verifier = new SequenceVerifier();
        send(verifier, 1, 0);
        send(verifier, 1, 2);
        assertEquals("producer=1 field=sequence found=2 expected=1", verifier.firstError());
    }

    @Test
    void shouldReportADuplicate()
    {
        final SequenceVerifier verifier = new SequenceVerifier();
        send(verifier, 1, 0);
        send(verifier, 1, 0);
        assertNotNull(verifier.firstError());
    }

    @Test
    void shouldReportACorruptFillerByte()
    {
        final SequenceVerifier verifier = new SequenceVerifier();
        for (long sequence = 0; sequence < 5; sequence++)
        {
            send(verifier, 1, sequence);
        }
        final int length = encodeSequence(buffer, 0, 1, 5);
        buffer.putByte(length - 1, (byte)0x7F);
        verifier.onBody(SEQUENCE_TYPE_ID, buffer, 0, length);
        assertTrue(verifier.firstError().contains("filler byte"), verifier.firstError());
    }

    @Test
    void shouldReportAChecksumMismatch()
    {
        final SequenceVerifier verifier = new SequenceVerifier();
        send(verifier, 1, 0);
        end(verifier, 1, 1, checksumOf(1, 0) + 1);
        assertTrue(verifier.firstError().contains("field=checksum"), verifier.firstError());
    }

    @Test
    void shouldReportACountThatDiffersFromWhatArrived()
    {
        final SequenceVerifier verifier = new SequenceVerifier();
        send(verifier, 1, 0);
        end(verifier, 1, 2, checksumOf(1, 0));
        assertTrue(verifier.firstError().contains("field=count"), verifier.firstError());
    }
}
