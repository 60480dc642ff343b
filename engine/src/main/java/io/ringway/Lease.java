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
            else if (ownerToken == ownToken || ProcessIdentity.isAlive(ownerToken))
            {
                final long ownerPid = ProcessIdentity.pidOf(ownerToken);
                final String who = ownerToken == ownToken ? " (this process)" : " (alive)";
                throw new ChannelFileException("channel role already taken", channel.path(), field,
                    "pid " + ownerPid + who, "0 (free) or a dead process");
            }
            else if (header.compareAndSetLong(leaseOffset, ownerToken, ownToken))
            {
                // the owner died without closing: its lease passes to us
                return new Lease(header, leaseOffset, ownToken);
            }
        }
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
