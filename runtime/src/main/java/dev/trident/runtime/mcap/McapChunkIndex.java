package dev.trident.runtime.mcap;

import java.util.Map;

/**
 * A Chunk Index record: where one chunk and its message indexes are.
 *
 * @param messageStartTime    earliest log time in the chunk
 * @param messageEndTime      latest log time in the chunk
 * @param chunkStartOffset    file offset of the Chunk record
 * @param chunkLength         length of the Chunk record including opcode and length prefix
 * @param messageIndexOffsets channel id → file offset of that channel's Message Index record
 * @param messageIndexLength  total length of the Message Index records after the chunk
 * @param compression         "" (none), "zstd" or "lz4"
 * @param compressedSize      length of the chunk's records field as stored
 * @param uncompressedSize    length of the chunk's records field uncompressed
 */
public record McapChunkIndex(long messageStartTime, long messageEndTime, long chunkStartOffset, long chunkLength,
                             Map<Integer, Long> messageIndexOffsets, long messageIndexLength, String compression,
                             long compressedSize, long uncompressedSize) {
    public McapChunkIndex {
        messageIndexOffsets = Map.copyOf(messageIndexOffsets);
    }
}
