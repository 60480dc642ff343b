package io.ringway.codec;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The golden vectors in schemas/golden/ (format in its README.md): the Java encoders produce exactly the committed
 * bytes, and the Java decoders read exactly the committed values from them. C and Go check the same files.
 *
 * <p>To regenerate the files after a deliberate change to a canonical message (GoldenMessages):
 * {@code mvn -pl codec verify -Dringway.golden.update=true}, then review the diff.
 */
class GoldenVectorsTest
{
    private static final boolean UPDATE = Boolean.getBoolean("ringway.golden.update");

    enum Vector
    {
        EXECUTION_REPORT_FILLS(GoldenMessages.EXECUTION_REPORT_FILLS, "market-data.xml",
            "ExecutionReport (templateId 3) at version 2: a repeating group of two fills, a fixed-length symbol, " +
            "a uint16 set and UTF-8 variable-length text"),
        NEW_ORDER_MARKET_NULLS(GoldenMessages.NEW_ORDER_MARKET_NULLS, "market-data.xml",
            "NewOrderSingle (templateId 2) at version 2: a market order whose optional fields are all null, " +
            "with an empty set and an empty account"),
        NEW_ORDER_LIMIT_V2(GoldenMessages.NEW_ORDER_LIMIT_V2, "market-data.xml",
            "NewOrderSingle (templateId 2) at version 2: a limit order that sets the version-2 field " +
            "selfMatchPreventionId"),
        NEW_ORDER_LIMIT_V1(GoldenMessages.NEW_ORDER_LIMIT_V1, "market-data-v1.xml",
            "NewOrderSingle (templateId 2) at version 1: the same limit order written by a version-1 encoder"),
        MARKET_DATA_REFRESH(GoldenMessages.MARKET_DATA_REFRESH, "market-data.xml",
            "MarketDataIncrementalRefresh (templateId 1) at version 2: three group entries, one with the " +
            "version-2 field aggressorSide set and two with it null");

        final String fileName;
        final String schemaFile;
        final String description;

        Vector(final String fileName, final String schemaFile, final String description)
        {
            this.fileName = fileName;
            this.schemaFile = schemaFile;
            this.description = description;
        }

        List<String> listing(final UnsafeBuffer buffer)
        {
            return schemaFile.equals("market-data-v1.xml") ?
                MessageListing.describeV1(buffer, 0) : MessageListing.describe(buffer, 0);
        }
    }

    static Path goldenDirectory()
    {
        final String root = System.getProperty("ringway.project.root");
        final Path projectRoot = root != null && !root.isEmpty() ? Path.of(root) : Path.of("..");
        return projectRoot.resolve("schemas").resolve("golden");
    }

    static byte[] readBin(final String name) throws IOException
    {
        return Files.readAllBytes(goldenDirectory().resolve(name + ".bin"));
    }

    static List<String> readListing(final String name) throws IOException
    {
        return MessageListing.parse(Files.readAllBytes(goldenDirectory().resolve(name + ".txt")));
    }

    static byte[] encodeCanonical(final String name)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
        final int length = GoldenMessages.encode(name, buffer, 0);
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    @ParameterizedTest
    @EnumSource(Vector.class)
    void shouldEncodeCanonicalMessageToExactlyTheCommittedBytes(final Vector vector) throws IOException
    {
        final byte[] encoded = encodeCanonical(vector.fileName);
        if (UPDATE)
        {
            write(vector, encoded);
        }

        final byte[] committed = readBin(vector.fileName);
        assertEquals(hex(committed), hex(encoded), "bytes of " + vector.fileName + ".bin (hex, 16 bytes a line)");
    }

    @ParameterizedTest
    @EnumSource(Vector.class)
    void shouldDecodeExactlyTheCommittedValuesFromCommittedBytes(final Vector vector) throws IOException
    {
        final List<String> decoded = vector.listing(new UnsafeBuffer(readBin(vector.fileName)));

        assertEquals(String.join("\n", readListing(vector.fileName)), String.join("\n", decoded),
            "values decoded from " + vector.fileName + ".bin against " + vector.fileName + ".txt");
    }

    private static void write(final Vector vector, final byte[] encoded) throws IOException
    {
        final Path directory = goldenDirectory();
        Files.createDirectories(directory);
        Files.write(directory.resolve(vector.fileName + ".bin"), encoded);
        final List<String> lines = new ArrayList<>();
        lines.add("# " + vector.fileName + ".bin: " + vector.description + ".");
        lines.add("# schema: schemas/" + vector.schemaFile + "; length: " + encoded.length + " bytes.");
        lines.add("# Written by codec/src/test/java/io/ringway/codec/GoldenVectorsTest.java; format in README.md.");
        lines.addAll(vector.listing(new UnsafeBuffer(encoded)));
        Files.write(directory.resolve(vector.fileName + ".txt"),
            (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    static String hex(final byte[] bytes)
    {
        final StringBuilder builder = new StringBuilder();
        for (int i = 0; i < bytes.length; i++)
        {
            if (i > 0)
            {
                builder.append(i % 16 == 0 ? '\n' : ' ');
            }
            builder.append(String.format("%02x", bytes[i] & 0xFF));
        }
        return builder.toString();
    }

    static List<String> withoutKeys(final List<String> listing, final String... keys)
    {
        final List<String> result = new ArrayList<>();
        for (final String line : listing)
        {
            final String key = line.substring(0, line.indexOf(" = "));
            if (Arrays.stream(keys).noneMatch(k -> k.equals(key) || key.matches(".*\\]\\." + k)))
            {
                result.add(line);
            }
        }
        return result;
    }
}
