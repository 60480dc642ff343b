package io.ringway.cli;

import java.util.Map;

/**
 * Plain-text rendering of a field map: one {@code name  value} line per field, names aligned.
 */
final class Text
{
    private Text()
    {
    }

    static String table(final Map<String, Object> fields)
    {
        int width = 0;
        for (final String name : fields.keySet())
        {
            width = Math.max(width, name.length());
        }
        final StringBuilder text = new StringBuilder();
        for (final Map.Entry<String, Object> field : fields.entrySet())
        {
            if (text.length() > 0)
            {
                text.append(System.lineSeparator());
            }
            text.append(field.getKey()).append(" ".repeat(width - field.getKey().length() + 2)).append(field.getValue());
        }
        return text.toString();
    }
}
