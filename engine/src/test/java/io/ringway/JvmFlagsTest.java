package io.ringway;

import io.ringway.testing.CreateChannelMain;
import io.ringway.testing.TempChannelDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JvmFlagsTest
{
    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("ringway-jvm-flags");

    @Test
    void shouldNameTheMissingAddExportsFlagInOneLineInsteadOfAgronasIllegalAccessError() throws Exception
    {
        final Path path = directory.resolve("no-flags.ringway");
        // a child JVM without --add-exports java.base/jdk.internal.misc
        final Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx128m", "-cp", System.getProperty("java.class.path"), CreateChannelMain.class.getName(),
            path.toString())
            .redirectErrorStream(true).start();
        final String output = new String(child.getInputStream().readAllBytes());

        assertEquals(1, child.waitFor(), output);
        assertEquals("create failed: java.lang.IllegalStateException: JVM flag missing: Agrona needs " +
            "jdk.internal.misc.Unsafe: found=java.base does not export jdk.internal.misc to unnamed module",
            output.substring(0, output.indexOf(" @")), output);
        assertTrue(output.strip().endsWith(
            "expected=--add-exports java.base/jdk.internal.misc=ALL-UNNAMED on the java command line"), output);
        assertFalse(Files.exists(path, LinkOption.NOFOLLOW_LINKS), "nothing is created: " + output);
    }
}
