package io.ringway.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the offset tables of docs/LAYOUT.md (header row {@code offset | size | type | field | constant | ...}), so that
 * tests can check each descriptor constant against the spec.
 */
public final class LayoutTables
{
    /**
     * One table row.
     *
     * @param table    the heading above the table.
     * @param offset   the offset column.
     * @param size     the size column.
     * @param field    the field column.
     * @param constant the constant column, e.g. {@code HeaderDescriptor.MAGIC_OFFSET}.
     */
    public record Row(String table, int offset, int size, String field, String constant)
    {
    }

    private LayoutTables()
    {
    }

    /**
     * @return docs/LAYOUT.md, found from the ringway.project.root property or the working directory upwards.
     */
    public static Path layoutDocument()
    {
        final String root = System.getProperty("ringway.project.root");
        Path candidate = root != null ? Path.of(root) : Path.of("").toAbsolutePath();
        while (candidate != null && !Files.exists(candidate.resolve("docs/LAYOUT.md")))
        {
            candidate = candidate.getParent();
        }
        if (candidate == null)
        {
            throw new AssertionError("docs/LAYOUT.md not found above " + root);
        }
        return candidate.resolve("docs/LAYOUT.md");
    }

    /**
     * @param constantPrefix keep only rows whose constant starts with this, e.g. {@code "JournalDescriptor."}.
     * @return the rows, in document order.
     * @throws IOException when LAYOUT.md cannot be read.
     */
    public static List<Row> read(final String constantPrefix) throws IOException
    {
        final List<Row> rows = new ArrayList<>();
        String tableHeading = null;
        boolean inOffsetTable = false;
        for (final String line : Files.readAllLines(layoutDocument()))
        {
            if (line.startsWith("#"))
            {
                tableHeading = line;
            }
            if (!line.startsWith("|"))
            {
                inOffsetTable = false;
                continue;
            }
            final String[] cells = line.substring(1).split("(?<!\\\\)\\|");
            if (cells.length >= 5 && cells[0].trim().equals("offset") && cells[4].trim().equals("constant"))
            {
                inOffsetTable = true;
                continue;
            }
            if (!inOffsetTable || cells[0].trim().startsWith("---") || !cells[4].trim().startsWith(constantPrefix))
            {
                continue;
            }
            rows.add(new Row(tableHeading, Integer.parseInt(cells[0].trim()), Integer.parseInt(cells[1].trim()),
                cells[3].trim(), cells[4].trim()));
        }
        return rows;
    }
}
