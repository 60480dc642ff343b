package io.ringway.bench.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * How to start the benchmark's programs: the JVM (this JVM's java, Ringway's JVM flags from the build, this module's
 * classpath) and the directory of the C programs that benchmarks/c/build.sh built.
 *
 * @param javaCommand       java, its flags and -cp classpath, ready for a main class.
 * @param cProgramDirectory where the C ping-pong programs are.
 * @param ringwayJvmFlags   the flags every Ringway JVM needs (the parent pom's ringway.jvm.flags).
 */
public record Toolchain(List<String> javaCommand, Path cProgramDirectory, List<String> ringwayJvmFlags)
{
    private static final String BUILD_PROPERTIES = "/io/ringway/bench/harness/build.properties";

    /**
     * @param cProgramDirectory where the C programs are.
     * @return the toolchain of this JVM.
     */
    public static Toolchain ofThisJvm(final Path cProgramDirectory)
    {
        final List<String> flags = new ArrayList<>();
        for (final String flag : buildProperty("ringway.jvm.flags").trim().split("\\s+"))
        {
            if (!flag.isEmpty())
            {
                flags.add(flag);
            }
        }
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(flags);
        command.add("-Xmx1g");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        return new Toolchain(List.copyOf(command), cProgramDirectory, List.copyOf(flags));
    }

    private static String buildProperty(final String key)
    {
        final Properties properties = new Properties();
        try (InputStream in = Toolchain.class.getResourceAsStream(BUILD_PROPERTIES))
        {
            if (in == null)
            {
                throw new IllegalStateException("missing resource: file=" + BUILD_PROPERTIES +
                    " (written by the Maven build of benchmarks/)");
            }
            properties.load(in);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        final String value = properties.getProperty(key);
        if (value == null)
        {
            throw new IllegalStateException("missing build property: file=" + BUILD_PROPERTIES + " field=" + key);
        }
        return value;
    }
}
