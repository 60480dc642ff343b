package io.ringway.examples;

import io.ringway.examples.sbe.MarketDataPublisher;
import io.ringway.examples.sbe.MarketDataSubscriber;
import io.ringway.testing.JavaProcess;
import io.ringway.testing.TempChannelDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the sbe-messages example as its README says: the subscriber in one process, the publisher in another, typed
 * SBE market data between them.
 */
class SbeMessagesExampleTest
{
    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("example-sbe");

    @Test
    void subscriberShouldPrintEveryUpdateThePublisherProcessSends() throws Exception
    {
        final Path path = directory.resolve("sbe-market-data.ringway");
        final Process subscriber = JavaProcess.start(MarketDataSubscriber.class, path.toString(), "12");
        final Process publisher = JavaProcess.start(MarketDataPublisher.class, path.toString(), "12");

        assertEquals(0, JavaProcess.waitFor(publisher, 60), "publisher exit code");
        assertEquals(0, JavaProcess.waitFor(subscriber, 60), "subscriber exit code");
        final String output = read(subscriber);
        final List<String> updates = output.lines().filter(l -> l.startsWith("update ")).collect(Collectors.toList());
        assertEquals(12, updates.size(), output);
        assertEquals("update 1 (schema version 2): " +
            "BID securityId=5501 size=41 price=4512.25 orders=3; " +
            "OFFER securityId=5501 size=35 price=4512.5;", updates.get(0));
        assertEquals("update 3 (schema version 2): " +
            "BID securityId=5501 size=43 price=4512.75 orders=3; " +
            "OFFER securityId=5501 size=35 price=4513; " +
            "TRADE securityId=5501 size=2 price=4512.75 aggressor=SELL;", updates.get(2));
        assertTrue(output.contains("subscriber: received 12 market data updates (schema 1001 version 2)"), output);
        assertTrue(read(publisher).contains("publisher: sent 12 market data updates to " + path));
    }

    private static String read(final Process process) throws IOException
    {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
