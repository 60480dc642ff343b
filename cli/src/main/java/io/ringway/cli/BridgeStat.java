package io.ringway.cli;

import io.ringway.bridge.BridgeStateFile;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.ringway.bridge.BridgeStateFile.*;

/**
 * {@code ringway stat STATE_FILE}: a bridge side's state file (docs/BRIDGE.md 5), read through a read-only mapping.
 */
final class BridgeStat
{
    private BridgeStat()
    {
    }

    static Map<String, Object> fields(final Path path)
    {
        final Map<String, Object> fields = new LinkedHashMap<>();
        try (BridgeStateFile state = BridgeStateFile.read(path))
        {
            final long pid = state.getLong(PID_OFFSET);
            final boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            fields.put("file", path.toString());
            fields.put("role", roleName(state.role()));
            fields.put("pid", pid);
            fields.put("alive", alive);
            // a dead side's last word on its connection is stale
            fields.put("connected", alive && state.getLong(CONNECTED_OFFSET) == 1);
            fields.put("messages", state.getLong(MESSAGES_OFFSET));
            fields.put("backPressureCount", state.getLong(BACK_PRESSURE_COUNT_OFFSET));
            fields.put("aeronPosition", state.getLong(AERON_POSITION_OFFSET));
            fields.put("resumeIndex", state.getLong(RESUME_INDEX_OFFSET));
            if (state.role() == ROLE_RECEIVER)
            {
                fields.put("lastDeliveredIndex", state.getLong(LAST_DELIVERED_INDEX_OFFSET));
            }
            fields.put("updated", Instant.ofEpochMilli(state.getLong(UPDATED_MS_OFFSET)).toString());
        }
        return fields;
    }
}
