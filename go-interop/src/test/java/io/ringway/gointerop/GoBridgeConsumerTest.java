package io.ringway.gointerop;

import io.ringway.bridge.BridgePipeline;
import io.ringway.testing.ChildProcess;
import io.ringway.testing.TempChannelDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;

/**
 * The bridge to a Go consumer (docs/BRIDGE.md section 6): a Java producer process -> channel -> bridge sender process
 * -> UDP loopback -> bridge receiver process -> channel -> go-interop's sequence_consumer, batched. Here rather than in
 * the bridge module because the Go programs are built after it.
 */
class GoBridgeConsumerTest
{
    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("go-bridge");

    @Test
    void shouldCarryEveryMessageToAGoConsumerInBatches() throws Exception
    {
        final Path consumer = GoPrograms.goProgram("sequence_consumer");
        try (BridgePipeline pipeline = new BridgePipeline(directory.path()))
        {
            pipeline.carry(true, false,
                out -> ChildProcess.builder(consumer, out, 1, BridgePipeline.TIMEOUT_SECONDS));
        }
    }
}
