package io.ringway.cli;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonTest
{
    @Test
    void shouldEscapeQuotesBackslashesAndControlCharactersInStrings()
    {
        assertEquals("\"a\\\"b\\\\c\\nd\\u0001\"\n", Json.write("a\"b\\c\nd\u0001"));
    }

    @Test
    void shouldWriteNestedMapsAndListsInInsertionOrder()
    {
        final Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", "x");
        map.put("values", List.of(1, 2.5, true));
        map.put("empty", null);
        assertEquals("{\n  \"name\": \"x\",\n  \"values\": [\n    1,\n    2.5,\n    true\n  ],\n  \"empty\": null\n}\n",
            Json.write(map));
    }

    @Test
    void shouldWriteNotANumberAsNull()
    {
        assertEquals("[\n  null\n]\n", Json.write(List.of(Double.NaN)));
    }

    @Test
    void shouldWriteAnObjectOnOneLineWithRawJsonAsItIs()
    {
        final Map<String, Object> line = new LinkedHashMap<>();
        line.put("position", 8L);
        line.put("message", new Json.RawJson("{\"a\":[1,2]}"));
        line.put("name", "x\ty");
        assertEquals("{\"position\":8,\"message\":{\"a\":[1,2]},\"name\":\"x\\ty\"}", Json.object(line));
    }
}
