package io.ringway;

import org.agrona.DirectBuffer;

/**
 * The JVM flag the engine needs, checked where a channel is created or opened: a JVM started without it fails there
 * with one line naming the flag, instead of Agrona's {@link IllegalAccessError} from deep inside its first buffer.
 */
final class JvmFlags
{
    private JvmFlags()
    {
    }

    /**
     * Agrona's buffers reach {@code jdk.internal.misc.Unsafe}, which {@code java.base} exports to Agrona's module
     * (the unnamed module on the class path) only with {@code --add-exports}.
     *
     * @throws IllegalStateException when {@code java.base} does not export {@code jdk.internal.misc} to Agrona.
     */
    static void requireAgronaUnsafeAccess()
    {
        final Module agrona = DirectBuffer.class.getModule();
        if (!Object.class.getModule().isExported("jdk.internal.misc", agrona))
        {
            final String target = agrona.isNamed() ? agrona.getName() : "ALL-UNNAMED";
            throw new IllegalStateException("JVM flag missing: Agrona needs jdk.internal.misc.Unsafe: found=" +
                "java.base does not export jdk.internal.misc to " + agrona +
                " expected=--add-exports java.base/jdk.internal.misc=" + target + " on the java command line");
        }
    }
}
