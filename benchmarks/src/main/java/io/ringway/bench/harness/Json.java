package io.ringway.bench.harness;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes the report's JSON: nested maps, lists, strings, numbers, booleans and null. Our own because it is the only
 * JSON the module writes and never reads; a JSON library would be one more dependency on the classpath that the
 * peers' benchmark programs share (Chronicle and Aeron bring their own), for thirty lines.
 */
final class Json
{
    private Json()
    {
    }

    static String write(final Object value)
    {
        final StringBuilder out = new StringBuilder();
        write(value, out, "");
        return out.append('\n').toString();
    }

    private static void write(final Object value, final StringBuilder out, final String indent)
    {
        if (value == null)
        {
            out.append("null");
        }
        else if (value instanceof Map<?, ?> map)
        {
            out.append("{");
            final Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
            while (entries.hasNext())
            {
                final Map.Entry<?, ?> entry = entries.next();
                out.append('\n').append(indent).append("  ");
                string(String.valueOf(entry.getKey()), out);
                out.append(": ");
                write(entry.getValue(), out, indent + "  ");
                out.append(entries.hasNext() ? "," : "\n" + indent);
            }
            out.append("}");
        }
        else if (value instanceof List<?> list)
        {
            out.append("[");
            for (int i = 0; i < list.size(); i++)
            {
                out.append('\n').append(indent).append("  ");
                write(list.get(i), out, indent + "  ");
                out.append(i + 1 < list.size() ? "," : "\n" + indent);
            }
            out.append("]");
        }
        else if (value instanceof Double number)
        {
            out.append(number.isNaN() || number.isInfinite() ? "null" : number.toString());
        }
        else if (value instanceof Number || value instanceof Boolean)
        {
            out.append(value);
        }
        else
        {
            string(value.toString(), out);
        }
    }

    private static void string(final String text, final StringBuilder out)
    {
        out.append('"');
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            switch (c)
            {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default ->
                {
                    if (c < 0x20)
                    {
                        out.append(String.format("\\u%04x", (int)c));
                    }
                    else
                    {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
