package io.ringway.examples;

import io.ringway.examples.bridge.ReceiverMain;
import io.ringway.examples.bridge.SenderMain;
import io.ringway.testing.JavaProcess;
import io.ringway.testing.TempChannelDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static io.ringway.bridge.BridgePipeline.freeUdpPort;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Runs the bridge example as its README says: the receiver in one process, the sender in another, each with its own
 * embedded Aeron media driver, over UDP loopback.
 */
class BridgeExampleTest
{
    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("bridge-example");

    @Test
    void receiverShouldGetEveryMessageTheSenderProcessSendsAcrossTheBridge() throws Exception
    {
        final String endpoint = "127.0.0.1:" + freeUdpPort();
        final Process receiver = JavaProcess.start(ReceiverMain.class, endpoint,
            directory.resolve("received.ringway").toString());
        final Process sender = JavaProcess.start(SenderMain.class, endpoint, "300000",
            directory.resolve("sent.ringway").toString());
        assertEquals(0, JavaProcess.waitFor(receiver, 120), "receiver exit code");
        assertEquals(0, JavaProcess.waitFor(sender, 120), "sender exit code");
        final String received = read(receiver);
        final String sent = read(sender);
        assertTrue(received.contains("receiver: received 300,000 messages in order, none lost or repeated"), received);
        assertTrue(sent.contains("sender: 300,000 messages and END taken by Aeron"), sent);
        assertTrue(sent.contains("the receiver has left"), sent);
    }

    private static String read(final Process process) throws IOException
    {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
