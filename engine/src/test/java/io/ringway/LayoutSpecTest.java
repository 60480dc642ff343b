package io.ringway;

import io.ringway.testing.LayoutTables;
import io.ringway.testing.LayoutTables.Row;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Reads the offset tables of docs/LAYOUT.md and checks them against the descriptor constants, so that the spec and the
 * code cannot drift apart; also checks the ring layout against Agrona's own descriptors, which it must equal.
 */
class LayoutSpecTest
{
    private static final List<Class<?>> DESCRIPTORS =
        List.of(HeaderDescriptor.class, TrailerDescriptor.class, RecordDescriptor.class);

    static List<Row> readTables() throws IOException
    {
        // every channel descriptor; the journal file's tables (LAYOUT 14) are the journal module's JournalLayoutSpecTest
        final List<Row> rows = new ArrayList<>();
        for (final Row row : LayoutTables.read(""))
        {
            if (!row.constant().startsWith("JournalDescriptor."))
            {
                rows.add(row);
            }
        }
        return rows;
    }

    @Test
    void everyOffsetInLayoutTablesShouldEqualItsDescriptorConstant() throws Exception
    {
        final List<Row> rows = readTables();
        assertTrue(rows.size() >= 30, "expected the header, trailer and record tables; read " + rows.size() + " rows");
        for (final Row row : rows)
        {
            final String[] parts = row.constant().split("\\.");
            final Field field = Class.forName("io.ringway." + parts[0]).getField(parts[1]);
            assertEquals(row.offset(), field.getInt(null),
                "LAYOUT.md " + row.table() + " field " + row.field() + " vs " + row.constant());
        }
    }

    @Test
    void everyDescriptorOffsetConstantShouldBeDocumentedInLayout() throws Exception
    {
        final Set<String> documented = new HashSet<>();
        for (final Row row : readTables())
        {
            documented.add(row.constant());
        }
        for (final Class<?> descriptor : DESCRIPTORS)
        {
            for (final Field field : descriptor.getFields())
            {
                if (Modifier.isStatic(field.getModifiers()) && field.getName().endsWith("_OFFSET"))
                {
                    final String name = descriptor.getSimpleName() + "." + field.getName();
                    assertTrue(documented.contains(name), name + " is not in a docs/LAYOUT.md offset table");
                }
            }
        }
    }

    @Test
    void headerFieldsShouldNotOverlapNorStraddleASlot() throws Exception
    {
        final List<Row> header = new ArrayList<>();
        for (final Row row : readTables())
        {
            // the producer slots (LAYOUT 3.1) are a region of their own, checked below
            if (row.constant().startsWith("HeaderDescriptor.") && row.constant().endsWith("_OFFSET") &&
                !row.constant().startsWith("HeaderDescriptor.PRODUCER_SLOT"))
            {
                header.add(row);
            }
        }
        header.sort((a, b) -> Integer.compare(a.offset(), b.offset()));
        for (int i = 0; i < header.size(); i++)
        {
            final Row row = header.get(i);
            assertEquals(0, row.offset() % row.size(), row.field() + " must be aligned to its size");
            assertEquals(row.offset() / HeaderDescriptor.SLOT_LENGTH,
                (row.offset() + row.size() - 1) / HeaderDescriptor.SLOT_LENGTH, row.field() + " straddles a slot");
            if (i + 1 < header.size())
            {
                assertTrue(row.offset() + row.size() <= header.get(i + 1).offset(),
                    row.field() + " overlaps " + header.get(i + 1).field());
            }
            assertTrue(row.offset() + row.size() <= HeaderDescriptor.HEADER_LENGTH, row.field() + " past the header");
        }
    }

    @Test
    void producerSlotsShouldFollowEveryHeaderFieldAndFillTheHeaderPageWithAlignedFieldsInsideOneSlot() throws Exception
    {
        int slotFieldCount = 0;
        for (final Row row : readTables())
        {
            final String constant = row.constant();
            if (!constant.startsWith("HeaderDescriptor.") || !constant.endsWith("_OFFSET"))
            {
                continue;
            }
            if (constant.startsWith("HeaderDescriptor.PRODUCER_SLOT_"))
            {
                slotFieldCount++;
                assertEquals(0, row.offset() % row.size(), row.field() + " must be aligned to its size");
                assertTrue(row.offset() + row.size() <= HeaderDescriptor.PRODUCER_SLOT_LENGTH,
                    row.field() + " past the end of a producer slot");
            }
            else if (!constant.equals("HeaderDescriptor.PRODUCER_SLOTS_OFFSET"))
            {
                assertTrue(row.offset() + row.size() <= HeaderDescriptor.PRODUCER_SLOTS_OFFSET,
                    row.field() + " overlaps the producer slots");
            }
        }
        assertEquals(2, slotFieldCount, "token and claimFloorPosition");
        assertEquals(HeaderDescriptor.HEADER_LENGTH, HeaderDescriptor.PRODUCER_SLOTS_OFFSET +
            HeaderDescriptor.PRODUCER_SLOT_COUNT * HeaderDescriptor.PRODUCER_SLOT_LENGTH);
        assertEquals(48, HeaderDescriptor.PRODUCER_SLOT_COUNT);
        assertEquals(0, HeaderDescriptor.PRODUCER_SLOTS_OFFSET % HeaderDescriptor.SLOT_LENGTH);
    }

    @Test
    void ringLayoutShouldEqualAgronasRingBufferDescriptors()
    {
        assertEquals(org.agrona.concurrent.ringbuffer.RingBufferDescriptor.TAIL_POSITION_OFFSET,
            TrailerDescriptor.TAIL_POSITION_OFFSET);
        assertEquals(org.agrona.concurrent.ringbuffer.RingBufferDescriptor.HEAD_CACHE_POSITION_OFFSET,
            TrailerDescriptor.HEAD_CACHE_POSITION_OFFSET);
        assertEquals(org.agrona.concurrent.ringbuffer.RingBufferDescriptor.HEAD_POSITION_OFFSET,
            TrailerDescriptor.HEAD_POSITION_OFFSET);
        assertEquals(org.agrona.concurrent.ringbuffer.RingBufferDescriptor.CORRELATION_COUNTER_OFFSET,
            TrailerDescriptor.CORRELATION_COUNTER_OFFSET);
        assertEquals(org.agrona.concurrent.ringbuffer.RingBufferDescriptor.CONSUMER_HEARTBEAT_OFFSET,
            TrailerDescriptor.CONSUMER_HEARTBEAT_OFFSET);
        assertEquals(org.agrona.concurrent.ringbuffer.RingBufferDescriptor.TRAILER_LENGTH,
            TrailerDescriptor.TRAILER_LENGTH);
        assertEquals(org.agrona.concurrent.ringbuffer.RecordDescriptor.HEADER_LENGTH, RecordDescriptor.HEADER_LENGTH);
        assertEquals(org.agrona.concurrent.ringbuffer.RecordDescriptor.ALIGNMENT, RecordDescriptor.ALIGNMENT);
        assertEquals(org.agrona.concurrent.ringbuffer.RecordDescriptor.lengthOffset(0), RecordDescriptor.LENGTH_OFFSET);
        assertEquals(org.agrona.concurrent.ringbuffer.RecordDescriptor.typeOffset(0), RecordDescriptor.TYPE_ID_OFFSET);
        assertEquals(org.agrona.concurrent.ringbuffer.RingBuffer.PADDING_MSG_TYPE_ID,
            RecordDescriptor.PADDING_TYPE_ID);
    }

    @Test
    void magicShouldBeTheAsciiBytesRingwayFollowedByZero()
    {
        final byte[] bytes = new byte[8];
        java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(HeaderDescriptor.MAGIC);
        assertArrayEquals("RINGWAY\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII), bytes);
    }
}
