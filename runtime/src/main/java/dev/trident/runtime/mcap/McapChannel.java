package dev.trident.runtime.mcap;

import java.util.Map;

/**
 * A Channel record: one topic of messages.
 *
 * @param id              0..65535, unique in the file
 * @param schemaId        its schema, 0 = none
 * @param topic           e.g. {@code /camera/image/compressed}
 * @param messageEncoding e.g. {@code json}
 * @param metadata        free key/value pairs
 */
public record McapChannel(int id, int schemaId, String topic, String messageEncoding, Map<String, String> metadata) {
    public McapChannel {
        metadata = Map.copyOf(metadata);
    }
}
