package io.ringway;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The ring writers and the consumer access the ring through {@link RingWriter#MAPPED_FILE}, a null base object, which
 * is right only for memory off the Java heap (the channel's mapping). A region that wraps a byte array is refused at
 * construction, naming the file and the field, instead of being read and written at the wrong addresses.
 */
class MappedFileBaseTest
{
    private static final int CAPACITY = 1024;
    private static final Path PATH = Path.of("orders.ringway");

    @ParameterizedTest
    @EnumSource(RingKind.class)
    void writersShouldRefuseARingRegionOnTheJavaHeap(final RingKind kind)
    {
        final UnsafeBuffer heapRegion = new UnsafeBuffer(new byte[CAPACITY + TrailerDescriptor.TRAILER_LENGTH]);

        final IllegalArgumentException error =
            assertThrows(IllegalArgumentException.class, () -> RingWriter.of(kind, PATH, heapRegion, CAPACITY));

        assertEquals("buffer on the Java heap: file=orders.ringway field=ringRegion found=a byte array " +
            "expected=the mapped file", error.getMessage());
    }

    @ParameterizedTest
    @EnumSource(RingKind.class)
    void writersShouldTakeARingRegionOffTheJavaHeap(final RingKind kind)
    {
        final UnsafeBuffer directRegion = new UnsafeBuffer(
            BufferUtil.allocateDirectAligned(CAPACITY + TrailerDescriptor.TRAILER_LENGTH, Long.BYTES));

        assertNotNull(RingWriter.of(kind, PATH, directRegion, CAPACITY));
    }
}
