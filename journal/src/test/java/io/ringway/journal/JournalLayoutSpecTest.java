package io.ringway.journal;

import io.ringway.testing.LayoutTables;
import io.ringway.testing.LayoutTables.Row;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * docs/LAYOUT.md section 14's tables against {@link JournalDescriptor}: the spec and the Java constants cannot drift.
 */
class JournalLayoutSpecTest
{
    @Test
    void everyOffsetInTheJournalTablesShouldEqualItsDescriptorConstant() throws Exception
    {
        final List<Row> rows = LayoutTables.read("JournalDescriptor.");
        assertTrue(rows.size() >= 28, "expected the segment header, index entry and record tables; read " + rows.size());
        for (final Row row : rows)
        {
            final Field field = JournalDescriptor.class.getField(row.constant().substring(row.constant().indexOf('.') + 1));
            assertEquals(row.offset(), field.getInt(null), "LAYOUT.md " + row.table() + " field " + row.field());
        }
    }

    @Test
    void everyJournalOffsetConstantShouldBeDocumentedInLayout() throws Exception
    {
        final Set<String> documented = new HashSet<>();
        for (final Row row : LayoutTables.read("JournalDescriptor."))
        {
            documented.add(row.constant());
        }
        for (final Field field : JournalDescriptor.class.getFields())
        {
            if (Modifier.isStatic(field.getModifiers()) && field.getName().endsWith("_OFFSET") &&
                field.getType() == int.class)
            {
                assertTrue(documented.contains("JournalDescriptor." + field.getName()),
                    field.getName() + " is not in a docs/LAYOUT.md section 14 table");
            }
        }
    }

    @Test
    void segmentHeaderFieldsShouldBeAlignedAndNotOverlap() throws Exception
    {
        final List<Row> header = LayoutTables.read("JournalDescriptor.").stream()
            .filter(row -> row.table().contains("14.2") && row.size() > 0 && !row.constant().contains("ENTRY_"))
            .sorted((a, b) -> Integer.compare(a.offset(), b.offset()))
            .toList();
        assertTrue(header.size() >= 18, "segment header rows: " + header.size());
        for (int i = 0; i < header.size(); i++)
        {
            final Row row = header.get(i);
            assertEquals(0, row.offset() % row.size(), row.field() + " must be aligned to its size");
            if (i + 1 < header.size())
            {
                assertTrue(row.offset() + row.size() <= header.get(i + 1).offset(),
                    row.field() + " overlaps " + header.get(i + 1).field());
            }
            assertTrue(row.offset() + row.size() <= JournalDescriptor.HEADER_LENGTH, row.field() + " past the header");
        }
    }

    @Test
    void magicShouldSpellRwjournlInLittleEndian()
    {
        final byte[] ascii = "RWJOURNL".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        long value = 0;
        for (int i = ascii.length - 1; i >= 0; i--)
        {
            value = value << 8 | ascii[i];
        }
        assertEquals(value, JournalDescriptor.MAGIC);
    }

    @Test
    void segmentNamesShouldBeTwentyDigitsAndParseBack()
    {
        assertEquals("00000000000000812345.rwj", JournalDescriptor.segmentFileName(812345));
        assertEquals(812345, JournalDescriptor.parseSegmentFileName("00000000000000812345.rwj"));
        assertEquals(-1, JournalDescriptor.parseSegmentFileName("00000000000000812345.rwj.tmp-12"));
        assertEquals(-1, JournalDescriptor.parseSegmentFileName("0000000000000081234x.rwj"));
        assertEquals(-1, JournalDescriptor.parseSegmentFileName("99999999999999999999.rwj"), "overflows int64");
    }
}
