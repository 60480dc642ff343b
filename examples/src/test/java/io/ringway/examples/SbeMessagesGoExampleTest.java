package io.ringway.examples;

import io.ringway.examples.sbe.MarketDataPublisher;
import io.ringway.testing.JavaProcess;
import io.ringway.testing.TempChannelDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Runs the Go subscriber of the sbe-messages example (examples/sbe-messages/go, built with go build as its README
 * says) against the Java publisher in another process: the Go codecs decode what the Java codecs encoded in place,
 * and the Go subscriber prints every update exactly as the Java subscriber does.
 */
class SbeMessagesGoExampleTest
{
    private static final long TIMEOUT_SECONDS = 120;

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("example-sbe-go");

    @Test
    void goSubscriberShouldPrintEveryUpdateTheJavaPublisherSendsAsTheJavaSubscriberDoes() throws Exception
    {
        assumeFalse(Boolean.getBoolean("ringway.go.skip"), "Go skipped with -Dringway.go.skip=true");
        final Path exampleDir = Path.of(System.getProperty("user.dir"), "sbe-messages", "go");
        final Path binDir = Files.createDirectories(Path.of(System.getProperty("user.dir"), "target", "go-bin"));
        final ProcessBuilder build = new ProcessBuilder("go", "build", "-o", binDir + "/", "./...")
            .directory(exampleDir.toFile())
            .redirectErrorStream(true);
        build.environment().put("GOTOOLCHAIN", "local");
        build.environment().put("GOFLAGS", "-mod=readonly");
        build.environment().put("GOPROXY", "off");
        final Process buildProcess = build.start();
        final String buildOutput = read(buildProcess);
        assertTrue(buildProcess.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "go build timed out");
        assertEquals(0, buildProcess.exitValue(), "go build of examples/sbe-messages/go: " + buildOutput);

        final Path path = directory.resolve("sbe-market-data.ringway");
        final Process subscriber = new ProcessBuilder(binDir.resolve("subscriber").toString(), path.toString(), "12")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
        final Process publisher = JavaProcess.start(MarketDataPublisher.class, path.toString(), "12");

        assertEquals(0, JavaProcess.waitFor(publisher, TIMEOUT_SECONDS), "publisher exit code");
        assertEquals(0, JavaProcess.waitFor(subscriber, TIMEOUT_SECONDS), "Go subscriber exit code");
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
    }

    private static String read(final Process process) throws IOException
    {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
