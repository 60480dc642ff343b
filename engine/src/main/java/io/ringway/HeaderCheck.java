package io.ringway;

import org.agrona.concurrent.AtomicBuffer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.ringway.HeaderDescriptor.*;

/**
 * The checks of docs/LAYOUT.md 10.3 over a channel file's bytes, in the table's order and with its words, written once:
 * {@link Channel#open} throws the first error, {@code ringway check} reports every finding. Reading only: nothing here
 * writes to the file, and every read stays inside the header page or inside a ring the checks found in bounds.
 */
public final class HeaderCheck
{
    private static final String NOT_INITIALISED = "channel file not initialised (being created, or its creator died)";
    private static final String PID_NAMESPACE_RULE =
        "(every process of a channel must share one pid namespace and /proc)";

    private HeaderCheck()
    {
    }

    /**
     * The header rows of LAYOUT.md 10.3, up to the file length the ring needs. Stops at the first finding after which
     * the rest of the header cannot be interpreted (length, magic, version, capacity); reports the others and goes on.
     *
     * @param file       the file's bytes from offset 0; at least {@link HeaderDescriptor#HEADER_LENGTH} of them when
     *                   {@code fileLength} is that long (nothing is read otherwise).
     * @param fileLength the file's length.
     * @return the findings, errors only; empty when the header is valid.
     */
    public static List<Finding> header(final AtomicBuffer file, final long fileLength)
    {
        final List<Finding> findings = new ArrayList<>();
        if (fileLength == 0)
        {
            // what a creator leaves between its exclusive create and the reservation of its blocks (10.2)
            findings.add(Finding.error("fileLength", 0, ">=" + HEADER_LENGTH, NOT_INITIALISED));
            return findings;
        }
        if (fileLength < HEADER_LENGTH)
        {
            findings.add(Finding.error("fileLength", fileLength, ">=" + HEADER_LENGTH, "channel file too short"));
            return findings;
        }
        // SYNC POINT: pairs with the creator's release store of layoutVersion (LAYOUT.md 10.2 step 5)
        final int layoutVersion = file.getIntAcquire(LAYOUT_VERSION_OFFSET);
        final long magic = file.getLong(MAGIC_OFFSET);
        if (magic != MAGIC)
        {
            findings.add(magic == 0 && layoutVersion == 0 ?
                Finding.error("layoutVersion", 0, hex(LAYOUT_VERSION), NOT_INITIALISED) :
                Finding.error("magic", hex(magic), hex(MAGIC), "not a Ringway channel file"));
            return findings;
        }
        if (layoutVersion == 0)
        {
            findings.add(Finding.error("layoutVersion", 0, hex(LAYOUT_VERSION), NOT_INITIALISED));
            return findings;
        }
        final int major = layoutVersion >>> 16;
        if (major != LAYOUT_MAJOR_VERSION)
        {
            findings.add(Finding.error("layoutVersion.major", major + " (layoutVersion=" + hex(layoutVersion) + ")",
                LAYOUT_MAJOR_VERSION, "unsupported layout major version"));
            return findings;
        }
        expectInt(findings, file, HEADER_LENGTH_OFFSET, "headerLength", HEADER_LENGTH);
        final int ringKindCode = file.getInt(RING_KIND_OFFSET);
        if (RingKind.fromCode(ringKindCode) == null)
        {
            findings.add(Finding.error("ringKind", ringKindCode,
                RingKind.SPSC.code() + " (SPSC) or " + RingKind.MPSC.code() + " (MPSC)", "unknown ring kind"));
        }
        final int capacity = file.getInt(CAPACITY_OFFSET);
        if (!isValidCapacity(capacity))
        {
            findings.add(Finding.error("capacity", capacity,
                "a power of two in [" + MIN_CAPACITY + ", " + MAX_CAPACITY + "]", "invalid ring capacity"));
            return findings;
        }
        expectInt(findings, file, TRAILER_LENGTH_OFFSET, "trailerLength", TrailerDescriptor.TRAILER_LENGTH);
        expectInt(findings, file, MAX_MESSAGE_LENGTH_OFFSET, "maxMessageLength", maxMessageLength(capacity));
        final long requiredLength = HeaderDescriptor.fileLength(capacity);
        if (fileLength < requiredLength)
        {
            findings.add(Finding.error("fileLength", fileLength, ">=" + requiredLength + " (4096 + capacity " +
                capacity + " + trailer " + TrailerDescriptor.TRAILER_LENGTH + ")",
                "ring trailer lies beyond the end of the channel file"));
        }
        return findings;
    }

    /**
     * The pidNamespace row of LAYOUT.md 10.3: a file whose creator lives in another pid namespace cannot be shared,
     * since the lease rule of LAYOUT 8 would judge its live peers dead by their pids.
     *
     * @param file            the file's header, valid by {@link #header}.
     * @param ownPidNamespace the inode number of the checking process's pid namespace; {@code 0} when unknown.
     * @return the finding, or an empty list when the namespaces agree, or either is unknown ({@code 0}: written by a
     * layout 1.2 creator, or no /proc).
     */
    public static List<Finding> pidNamespace(final AtomicBuffer file, final long ownPidNamespace)
    {
        final long filePidNamespace = file.getLong(PID_NAMESPACE_OFFSET);
        if (filePidNamespace == 0 || ownPidNamespace == 0 || filePidNamespace == ownPidNamespace)
        {
            return List.of();
        }
        return List.of(Finding.error("pidNamespace", Long.toUnsignedString(filePidNamespace),
            Long.toUnsignedString(ownPidNamespace) + " " + PID_NAMESPACE_RULE,
            "channel file shared across pid namespaces"));
    }

    /**
     * The position rows of LAYOUT.md 10.3, for positions read in the order the spec gives: {@code H}, then {@code T},
     * then {@code H} again. The head only grows, so at the instant {@code T} was read the head lay between the two
     * reads, and a valid channel satisfies {@code headBefore <= T <= headAfter + capacity} however far its consumer
     * and producers moved meanwhile. Of a file nobody moves, both heads are the same value.
     *
     * @param headBefore   the consumer position H, read before the tail.
     * @param tailPosition the producer position T.
     * @param headAfter    the consumer position H, read after the tail.
     * @param capacity     the ring's capacity, valid by {@link #header}.
     * @return the findings, errors only; empty when H and T are valid.
     */
    public static List<Finding> positions(
        final long headBefore, final long tailPosition, final long headAfter, final int capacity)
    {
        final List<Finding> findings = new ArrayList<>(2);
        if (headBefore < 0 || !isAligned(headBefore))
        {
            findings.add(Finding.error("headPosition", headBefore, "a non-negative multiple of " +
                RecordDescriptor.ALIGNMENT, "invalid consumer position"));
        }
        if (!isAligned(tailPosition) || tailPosition < headBefore || tailPosition - headAfter > capacity)
        {
            findings.add(Finding.error("tailPosition", tailPosition, "a multiple of " + RecordDescriptor.ALIGNMENT +
                " in [headPosition " + headBefore + ", headPosition + capacity " + (headAfter + capacity) + "]",
                "invalid producer position"));
        }
        return findings;
    }

    /**
     * @param path     the file the findings are about.
     * @param findings findings of {@link #header} or {@link #positions}.
     * @throws ChannelFileException for the first error among them.
     */
    public static void requireNoError(final Path path, final List<Finding> findings)
    {
        for (final Finding finding : findings)
        {
            if (finding.isError())
            {
                throw finding.toException(path);
            }
        }
    }

    /**
     * @param position a ring position.
     * @return whether it is a multiple of the record alignment.
     */
    public static boolean isAligned(final long position)
    {
        return (position & (RecordDescriptor.ALIGNMENT - 1)) == 0;
    }

    /**
     * @param value a field's value.
     * @return it in lower-case hexadecimal with {@code 0x}, as LAYOUT.md 10.3 prints magic and layoutVersion.
     */
    public static String hex(final long value)
    {
        return "0x" + Long.toHexString(value);
    }

    private static void expectInt(
        final List<Finding> findings, final AtomicBuffer file, final int offset, final String field, final int expected)
    {
        final int found = file.getInt(offset);
        if (found != expected)
        {
            findings.add(Finding.error(field, found, expected, "invalid header field"));
        }
    }
}
