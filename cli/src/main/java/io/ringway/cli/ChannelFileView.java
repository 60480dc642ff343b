package io.ringway.cli;

import io.ringway.ChannelFileException;
import io.ringway.FileSpace;
import io.ringway.Finding;
import io.ringway.HeaderCheck;
import io.ringway.HeaderDescriptor;
import io.ringway.ProcessIdentity;
import io.ringway.RecordDescriptor;
import io.ringway.RingKind;
import io.ringway.TrailerDescriptor;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.ringway.HeaderDescriptor.*;

/**
 * A read-only view of a channel file for the commands that only look: check, stat and tail. It maps the file read-only
 * (so it works on a file the user may read but not write, and can never disturb the peers), and reads every field
 * through bounds-checked accessors: a foreign or truncated file yields findings, never a read outside the mapping.
 *
 * <p>The header and position checks are the engine's {@link HeaderCheck}, which {@code Channel.open} uses too: open
 * throws the first error, {@link #inspect()} reports every finding and goes on as far as the layout allows (records,
 * leases, permissions).
 */
final class ChannelFileView implements AutoCloseable
{
    private static final int MAX_RECORD_WALK_ATTEMPTS = 3;

    private final Path path;
    private final long fileLength;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer file;

    private ChannelFileView(final Path path, final long fileLength, final MappedByteBuffer mapped)
    {
        this.path = path;
        this.fileLength = fileLength;
        this.mapped = mapped;
        this.file = new UnsafeBuffer(mapped);
    }

    static ChannelFileView open(final Path path)
    {
        // O_NONBLOCK | O_NOFOLLOW, then the type from the descriptor: a FIFO, device or symlink is refused at once
        // instead of hanging the command or reading /dev/zero (LAYOUT.md 10.3); other users' files may be looked at
        try (FileChannel channel = FileSpace.openRegular(path, false, false).channel())
        {
            final long fileLength = channel.size();
            final long mapLength = Math.min(fileLength, HeaderDescriptor.fileLength(MAX_CAPACITY));
            return new ChannelFileView(path, fileLength, channel.map(FileChannel.MapMode.READ_ONLY, 0, mapLength));
        }
        catch (final FileSpace.NotRegularFileException ex)
        {
            throw new ChannelFileException(ex.refusal() == FileSpace.Refusal.ABSENT ? "no such channel file" :
                "not a regular file", path, "file", ex.refusal().found(), "a regular channel file", ex);
        }
        catch (final AccessDeniedException ex)
        {
            throw new ChannelFileException("cannot read channel file", path, "file", "permission denied",
                "readable by this user", ex);
        }
        catch (final IOException ex)
        {
            throw new ChannelFileException("cannot read channel file", path, "file", ex.getMessage(),
                "a readable regular file", ex);
        }
    }

    Path path()
    {
        return path;
    }

    long fileLength()
    {
        return fileLength;
    }

    /**
     * @return every problem found, errors and warnings, in LAYOUT.md's validation order; empty for a sound file.
     */
    List<Finding> inspect()
    {
        final List<Finding> findings = new ArrayList<>(HeaderCheck.header(file, fileLength));
        if (!findings.isEmpty())
        {
            return findings;
        }
        final int minor = file.getIntAcquire(LAYOUT_VERSION_OFFSET) & 0xFFFF;
        if (minor > LAYOUT_MINOR_VERSION)
        {
            findings.add(Finding.warning("layoutVersion.minor", minor, "<=" + LAYOUT_MINOR_VERSION,
                "written by a newer Ringway: fields added after " + LAYOUT_MAJOR_VERSION + "." + LAYOUT_MINOR_VERSION +
                " are not checked"));
        }
        // a process of another pid namespace would judge live lease owners dead (LAYOUT 8): an error, as at open
        findings.addAll(HeaderCheck.pidNamespace(file, ProcessIdentity.currentPidNamespace()));
        final int capacity = file.getInt(CAPACITY_OFFSET);
        final long requiredLength = HeaderDescriptor.fileLength(capacity);
        if (fileLength > requiredLength)
        {
            findings.add(Finding.warning("fileLength", fileLength, requiredLength,
                "file is longer than its ring needs; the extra bytes are ignored"));
        }
        checkCounters(findings);
        if (checkPositions(findings, capacity))
        {
            walkRecords(findings, capacity);
        }
        checkLease(findings, PRODUCER_LEASE_OFFSET, "producerLease", "producer");
        checkLease(findings, CONSUMER_LEASE_OFFSET, "consumerLease", "consumer");
        checkPermissions(findings);
        return findings;
    }

    /**
     * @throws ChannelFileException for the first error {@link #inspect()} finds, pointing at {@code ringway check}.
     */
    void requireValid()
    {
        for (final Finding finding : inspect())
        {
            if (finding.severity() == Finding.Severity.ERROR)
            {
                throw new ChannelFileException(finding.reason() + " (run 'ringway check' for every problem)", path,
                    finding.field(), finding.found(), finding.expected());
            }
        }
    }

    RingKind ringKind()
    {
        return RingKind.fromCode(file.getInt(RING_KIND_OFFSET));
    }

    int capacity()
    {
        return file.getInt(CAPACITY_OFFSET);
    }

    int headerInt(final int offset)
    {
        return file.getInt(offset);
    }

    long headerLongAcquire(final int offset)
    {
        return file.getLongAcquire(offset);
    }

    /**
     * @param trailerOffset a {@link TrailerDescriptor} offset; call only after {@link #requireValid()}.
     * @return the trailer counter, read with acquire order.
     */
    long trailerLongAcquire(final int trailerOffset)
    {
        return file.getLongAcquire(HEADER_LENGTH + capacity() + trailerOffset);
    }

    /**
     * @return the ring data area and trailer as one buffer, bounds-checked; call only after {@link #requireValid()}.
     */
    UnsafeBuffer ringBuffer()
    {
        return new UnsafeBuffer(file, HEADER_LENGTH, capacity() + TrailerDescriptor.TRAILER_LENGTH);
    }

    private void checkCounters(final List<Finding> findings)
    {
        final long messagesConsumed = file.getLongAcquire(MESSAGES_CONSUMED_OFFSET);
        if (messagesConsumed < 0)
        {
            findings.add(Finding.error("messagesConsumed", messagesConsumed, ">=0", "negative counter"));
        }
        final long backPressureCount = file.getLongAcquire(BACK_PRESSURE_COUNT_OFFSET);
        if (backPressureCount < 0)
        {
            findings.add(Finding.error("backPressureCount", backPressureCount, ">=0", "negative counter"));
        }
    }

    private boolean checkPositions(final List<Finding> findings, final int capacity)
    {
        final int trailerIndex = HEADER_LENGTH + capacity;
        // H, then T and the head cache, then H again (LAYOUT 10.3): a live channel moves them while they are read
        final long headPosition = file.getLongAcquire(trailerIndex + TrailerDescriptor.HEAD_POSITION_OFFSET);
        final long tailPosition = file.getLongAcquire(trailerIndex + TrailerDescriptor.TAIL_POSITION_OFFSET);
        final long headCachePosition = file.getLongAcquire(trailerIndex + TrailerDescriptor.HEAD_CACHE_POSITION_OFFSET);
        final long headAfter = file.getLongAcquire(trailerIndex + TrailerDescriptor.HEAD_POSITION_OFFSET);
        final List<Finding> positionFindings = HeaderCheck.positions(headPosition, tailPosition, headAfter, capacity);
        findings.addAll(positionFindings);
        if (headCachePosition < 0 || !HeaderCheck.isAligned(headCachePosition) || headCachePosition > headAfter)
        {
            findings.add(Finding.error("headCachePosition", headCachePosition, "a multiple of " +
                RecordDescriptor.ALIGNMENT + " in [0, headPosition " + headAfter + "]",
                "producers trusting this cache could overwrite unread records (LAYOUT.md 11)"));
        }
        return positionFindings.isEmpty();
    }

    private void walkRecords(final List<Finding> findings, final int capacity)
    {
        final int trailerIndex = HEADER_LENGTH + capacity;
        for (int attempt = 0; attempt < MAX_RECORD_WALK_ATTEMPTS; attempt++)
        {
            final long headPosition = file.getLongAcquire(trailerIndex + TrailerDescriptor.HEAD_POSITION_OFFSET);
            final long tailPosition = file.getLongAcquire(trailerIndex + TrailerDescriptor.TAIL_POSITION_OFFSET);
            final List<Finding> recordFindings = new ArrayList<>();
            walkRecords(recordFindings, capacity, headPosition, tailPosition);
            if (file.getLongAcquire(trailerIndex + TrailerDescriptor.HEAD_POSITION_OFFSET) == headPosition)
            {
                findings.addAll(recordFindings);
                return;
            }
        }
        findings.add(Finding.warning("headPosition", "moving", "still",
            "the consumer kept reading while records were checked (live channel): records not checked; stop the " +
            "peers for a full check"));
    }

    private void walkRecords(
        final List<Finding> findings, final int capacity, final long headPosition, final long tailPosition)
    {
        final int mask = capacity - 1;
        final int maxMessageLength = maxMessageLength(capacity);
        final boolean producerAlive = isLeaseHolderAlive(PRODUCER_LEASE_OFFSET);
        long position = headPosition;
        while (position < tailPosition)
        {
            final int recordIndex = HEADER_LENGTH + (int)(position & mask);
            final int toDataEnd = capacity - (int)(position & mask);
            // SYNC POINT: pairs with the producer's release store of a positive length (commit)
            final int length = file.getIntAcquire(recordIndex + RecordDescriptor.LENGTH_OFFSET);
            final String field = "record@" + position + ".length";
            if (length == 0)
            {
                findings.add(Finding.warning(field, 0, ">0",
                    "space claimed by a producer but no header written yet" + deadProducerHint(producerAlive)));
                return;
            }
            final int recordLength = Math.abs(length);
            final long alignedLength = RecordDescriptor.alignedLength(recordLength);
            if (length == Integer.MIN_VALUE || recordLength < RecordDescriptor.HEADER_LENGTH ||
                alignedLength > toDataEnd || alignedLength > tailPosition - position)
            {
                findings.add(Finding.error(field, length, RecordDescriptor.HEADER_LENGTH + ".." +
                    Math.min(toDataEnd, tailPosition - position) + " (to the end of the data area and the tail)",
                    "corrupt record length"));
                return;
            }
            final int typeId = file.getInt(recordIndex + RecordDescriptor.TYPE_ID_OFFSET);
            if (length < 0)
            {
                findings.add(Finding.warning(field, length, ">0",
                    "record still being written" + deadProducerHint(producerAlive)));
            }
            else if (typeId != RecordDescriptor.PADDING_TYPE_ID)
            {
                if (typeId < 1)
                {
                    findings.add(Finding.error("record@" + position + ".typeId", typeId, ">=1 or -1 (padding)",
                        "corrupt record type id"));
                    return;
                }
                if (recordLength - RecordDescriptor.HEADER_LENGTH > maxMessageLength)
                {
                    findings.add(Finding.error(field, length, "<=" + (maxMessageLength + RecordDescriptor.HEADER_LENGTH),
                        "record longer than maxMessageLength + header"));
                    return;
                }
            }
            position += alignedLength;
        }
    }

    private static String deadProducerHint(final boolean producerAlive)
    {
        return producerAlive ? " (a live producer will finish it)" :
            " (if its producer is dead it will never be committed and the consumer waits before it)";
    }

    private boolean isLeaseHolderAlive(final int leaseOffset)
    {
        final long token = file.getLongAcquire(leaseOffset);
        return token != 0 && ProcessIdentity.isAlive(token);
    }

    private void checkLease(final List<Finding> findings, final int leaseOffset, final String field, final String role)
    {
        final long token = file.getLongAcquire(leaseOffset);
        if (token != 0 && !ProcessIdentity.isAlive(token))
        {
            findings.add(Finding.warning(field, "pid " + ProcessIdentity.pidOf(token) + " (not running)",
                "0 or a running process", "stale lease: the next " + role + " to attach takes it over"));
        }
    }

    private void checkPermissions(final List<Finding> findings)
    {
        try
        {
            final Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
            if (permissions.contains(PosixFilePermission.OTHERS_WRITE))
            {
                findings.add(Finding.warning("mode", PosixFilePermissions.toString(permissions), "no write for others",
                    "any local user can write to this channel and corrupt it"));
            }
        }
        catch (final IOException | UnsupportedOperationException ex)
        {
            findings.add(Finding.warning("mode", ex.toString(), "readable permissions", "cannot read file permissions"));
        }
    }

    @Override
    public void close()
    {
        IoUtil.unmap(mapped);
    }
}
