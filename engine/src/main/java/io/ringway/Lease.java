package io.ringway;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * A role (the consumer, or the SPSC producer) held by this process through a lease word in the header
 * (docs/LAYOUT.md, section 8). Released on close; a dead owner's lease is taken over by the next to attach.
 */
final class Lease
{
    private final UnsafeBuffer headerBuffer;
    private final int leaseOffset;
    private final long token;
    private boolean held = true;

    private Lease(final UnsafeBuffer headerBuffer, final int leaseOffset, final long token)
    {
        this.headerBuffer = headerBuffer;
        this.leaseOffset = leaseOffset;
        this.token = token;
    }

    static Lease acquire(final Channel channel, final int leaseOffset, final String field)
    {
        final UnsafeBuffer header = channel.headerBuffer();
        final long ownToken = ProcessIdentity.currentToken();
        while (true)
        {
            final long ownerToken = header.getLongAcquire(leaseOffset);
            if (ownerToken == 0)
            {
                if (header.compareAndSetLong(leaseOffset, 0, ownToken))
                {
                    return new Lease(header, leaseOffset, ownToken);
                }
            }
            else if (ownerToken == ownToken)
            {
                throw new ChannelFileException("channel role already taken", channel.path(), field,
                    "pid " + ProcessIdentity.pidOf(ownerToken) + " (this process)", "0 (free) or a dead process");
            }
            else
            {
                final ProcessIdentity.ProcessState owner =
                    ProcessIdentity.ownerOf(ProcessIdentity.PROC_ROOT, ownerToken);
                if (owner.verdict() != ProcessIdentity.Verdict.DEAD)
                {
                    // LAYOUT 8: only a process that /proc says is dead loses its lease; "cannot tell" is not "dead"
                    final String who = owner.verdict() == ProcessIdentity.Verdict.ALIVE ?
                        " (alive)" : " (liveness unknown: " + owner.detail() + ")";
                    throw new ChannelFileException("channel role already taken", channel.path(), field,
                        "pid " + ProcessIdentity.pidOf(ownerToken) + who, "0 (free) or a dead process");
                }
                if (header.compareAndSetLong(leaseOffset, ownerToken, ownToken))
                {
                    // the owner died without closing: its lease passes to us
                    return new Lease(header, leaseOffset, ownToken);
                }
            }
        }
    }

    /**
     * @return the value this lease holds in its lease word.
     */
    long token()
    {
        return token;
    }

    void release()
    {
        if (held)
        {
            held = false;
            headerBuffer.compareAndSetLong(leaseOffset, token, 0);
        }
    }
}
