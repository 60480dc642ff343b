package io.ringway.cli;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The project's one JSON writer (the CLI's JSON lines and the benchmark reports; nothing reads JSON): strings,
 * numbers, booleans, null, maps in their iteration order, lists, and values that are already JSON. Our own because
 * it is only written, never parsed, and is this one page; a JSON library would share the benchmark programs' class
 * path with the peers they measure.
 */
public final class Json
{
    private Json()
    {
    }

    /**
     * One object on one line, for JSON lines.
     *
     * @param fields the members in order.
     * @return the object, without a line end.
     */
    public static String object(final Map<String, Object> fields)
    {
        final StringBuilder json = new StringBuilder();
        write(fields, json, null);
        return json.toString();
    }

    /**
     * Any value, indented by two spaces per level, with a line end: for files people read.
     *
     * @param value a map, list, string, number, boolean, null or {@link RawJson}.
     * @return the JSON text.
     */
    public static String write(final Object value)
    {
        final StringBuilder json = new StringBuilder();
        write(value, json, "");
        return json.append('\n').toString();
    }

    /** @param indent null for one line, else the current indentation. */
    private static void write(final Object value, final StringBuilder json, final String indent)
    {
        if (value == null)
        {
            json.append("null");
        }
        else if (value instanceof Map<?, ?> map)
        {
            json.append('{');
            final Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
            while (entries.hasNext())
            {
                final Map.Entry<?, ?> entry = entries.next();
                newLine(json, indent, 1);
                string(json, String.valueOf(entry.getKey())).append(indent == null ? ":" : ": ");
                write(entry.getValue(), json, deeper(indent));
                if (entries.hasNext())
                {
                    json.append(',');
                }
                else
                {
                    newLine(json, indent, 0);
                }
            }
            json.append('}');
        }
        else if (value instanceof List<?> list)
        {
            json.append('[');
            for (int i = 0; i < list.size(); i++)
            {
                newLine(json, indent, 1);
                write(list.get(i), json, deeper(indent));
                if (i + 1 < list.size())
                {
                    json.append(',');
                }
                else
                {
                    newLine(json, indent, 0);
                }
            }
            json.append(']');
        }
        else if (value instanceof Double number && (number.isNaN() || number.isInfinite()))
        {
            json.append("null");
        }
        else if (value instanceof Number || value instanceof Boolean)
        {
            json.append(value);
        }
        else if (value instanceof RawJson raw)
        {
            json.append(raw.json());
        }
        else
        {
            string(json, value.toString());
        }
    }

    private static void newLine(final StringBuilder json, final String indent, final int levels)
    {
        if (indent != null)
        {
            json.append('\n').append(indent).append("  ".repeat(levels));
        }
    }

    private static String deeper(final String indent)
    {
        return indent == null ? null : indent + "  ";
    }

    /**
     * Appends a JSON string: quotes, backslashes and control characters escaped.
     *
     * @param json  where to append.
     * @param value the text.
     * @return json.
     */
    public static StringBuilder string(final StringBuilder json, final String value)
    {
        json.append('"');
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            switch (c)
            {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default ->
                {
                    if (c < 0x20)
                    {
                        json.append(String.format("\\u%04x", (int)c));
                    }
                    else
                    {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }

    /**
     * A value that is already JSON (a decoded SBE message), written as it is.
     *
     * @param json the JSON text.
     */
    public record RawJson(String json)
    {
    }
}
