package io.ringway.cli;

import java.util.Map;

/**
 * The little JSON the CLI writes: flat objects of strings, numbers and booleans, one per line. Our own because it is
 * twenty lines and a JSON library would be the CLI's largest dependency.
 */
final class Json
{
    private Json()
    {
    }

    static String object(final Map<String, Object> fields)
    {
        final StringBuilder json = new StringBuilder("{");
        for (final Map.Entry<String, Object> field : fields.entrySet())
        {
            if (json.length() > 1)
            {
                json.append(',');
            }
            string(json, field.getKey()).append(':');
            final Object value = field.getValue();
            if (value instanceof Number || value instanceof Boolean)
            {
                json.append(value);
            }
            else if (value instanceof RawJson raw)
            {
                json.append(raw.json());
            }
            else
            {
                string(json, String.valueOf(value));
            }
        }
        return json.append('}').toString();
    }

    static StringBuilder string(final StringBuilder json, final String value)
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

    /** A value that is already JSON (a decoded SBE message), written as it is. */
    record RawJson(String json)
    {
    }
}
