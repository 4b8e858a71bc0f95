package dev.trident.runtime.mcap;

import java.util.Map;

/**
 * The Statistics record (or the same figures counted by a scan when a file has no summary).
 *
 * @param messageCount         messages in the file
 * @param schemaCount          distinct schema ids
 * @param channelCount         distinct channel ids
 * @param chunkCount           chunks
 * @param messageStartTime     earliest log time, ns (0 when there are no messages)
 * @param messageEndTime       latest log time, ns (0 when there are no messages)
 * @param channelMessageCounts messages per channel id
 */
public record McapStatistics(long messageCount, int schemaCount, int channelCount, int chunkCount, long messageStartTime,
                             long messageEndTime, Map<Integer, Long> channelMessageCounts) {
    public McapStatistics {
        channelMessageCounts = Map.copyOf(channelMessageCounts);
    }
}
