package io.ringway.cinterop;

import io.ringway.testing.ChildProcess;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The C structs of ringway.h against the tables of docs/LAYOUT.md: every row with a descriptor constant must match
 * the offset (or size) that the C program ringway_layout_dump prints from offsetof/sizeof, and the C side must have
 * nothing the tables lack.
 */
class LayoutSpecTest
{
    private static final Pattern ROW = Pattern.compile(
        "^\\|\\s*(\\d+)\\s*\\|\\s*(\\d+)\\s*\\|[^|]*\\|\\s*(\\w+)\\s*\\|\\s*(Header|Trailer|Record)Descriptor\\.(\\w+)\\s*\\|");

    @Test
    void shouldMatchEveryOffsetOfTheLayoutTables() throws Exception
    {
        final Map<String, Long> specified = new TreeMap<>();
        for (final String line : Files.readAllLines(CPrograms.projectRoot().resolve(Path.of("docs", "LAYOUT.md"))))
        {
            final Matcher row = ROW.matcher(line);
            if (row.find())
            {
                final String table = row.group(4).toLowerCase(java.util.Locale.ROOT);
                final String constant = row.group(5);
                final String key = table + " " + row.group(3) + (constant.endsWith("_OFFSET") ? "" : "-size");
                specified.put(key, Long.parseLong(row.group(1)));
            }
        }
        assertTrue(specified.size() > 30, "LAYOUT.md tables were read: " + specified);

        final ChildProcess.Result dump = ChildProcess.run(CPrograms.builder(CPrograms.LAYOUT_DUMP), 60);
        assertEquals(0, dump.exitCode());
        final Map<String, Long> implemented = new TreeMap<>();
        for (final String line : dump.output().split("\n"))
        {
            final String[] parts = line.trim().split(" ");
            if (parts.length == 3)
            {
                implemented.put(parts[0] + " " + parts[1], Long.parseLong(parts[2]));
            }
        }
        assertEquals(specified, implemented);
    }
}
