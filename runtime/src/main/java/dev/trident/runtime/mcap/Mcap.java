package dev.trident.runtime.mcap;

/**
 * Constants of the MCAP container format (https://mcap.dev/spec, major version 0): magic bytes
 * and record opcodes. Every multi-byte integer in a file is little-endian; a record is
 * {@code <opcode u8><content length u64><content>}.
 */
public final class Mcap {
    /** Leading and trailing magic: 0x89 "MCAP" '0' "\r\n". */
    static final byte[] MAGIC = {(byte) 0x89, 'M', 'C', 'A', 'P', '0', '\r', '\n'};

    static final int OP_HEADER = 0x01;
    static final int OP_FOOTER = 0x02;
    static final int OP_SCHEMA = 0x03;
    static final int OP_CHANNEL = 0x04;
    static final int OP_MESSAGE = 0x05;
    static final int OP_CHUNK = 0x06;
    static final int OP_MESSAGE_INDEX = 0x07;
    static final int OP_CHUNK_INDEX = 0x08;
    static final int OP_ATTACHMENT = 0x09;
    static final int OP_ATTACHMENT_INDEX = 0x0A;
    static final int OP_STATISTICS = 0x0B;
    static final int OP_METADATA = 0x0C;
    static final int OP_METADATA_INDEX = 0x0D;
    static final int OP_SUMMARY_OFFSET = 0x0E;
    static final int OP_DATA_END = 0x0F;

    /** opcode (1) + content length (8). */
    static final int RECORD_PREFIX = 9;
    /** A Footer record: prefix + summary_start (8) + summary_offset_start (8) + summary_crc (4). */
    static final int FOOTER_RECORD = RECORD_PREFIX + 20;
    /** A Data End record: prefix + data_section_crc (4). */
    static final int DATA_END_RECORD = RECORD_PREFIX + 4;
    /** Fixed part of a Message record's content: channel (2) + sequence (4) + log time (8) + publish time (8). */
    static final int MESSAGE_FIXED = 22;
    /** Fixed part of a Chunk record's content before its compression string: start, end, size, crc. */
    static final int CHUNK_FIXED = 8 + 8 + 8 + 4;

    /** The profile Trident writes: none of the well-known ones (ros1/ros2), so empty. */
    public static final String PROFILE = "";

    private Mcap() {
    }

    static String opcodeName(int op) {
        return switch (op) {
            case OP_HEADER -> "Header";
            case OP_FOOTER -> "Footer";
            case OP_SCHEMA -> "Schema";
            case OP_CHANNEL -> "Channel";
            case OP_MESSAGE -> "Message";
            case OP_CHUNK -> "Chunk";
            case OP_MESSAGE_INDEX -> "MessageIndex";
            case OP_CHUNK_INDEX -> "ChunkIndex";
            case OP_ATTACHMENT -> "Attachment";
            case OP_ATTACHMENT_INDEX -> "AttachmentIndex";
            case OP_STATISTICS -> "Statistics";
            case OP_METADATA -> "Metadata";
            case OP_METADATA_INDEX -> "MetadataIndex";
            case OP_SUMMARY_OFFSET -> "SummaryOffset";
            case OP_DATA_END -> "DataEnd";
            default -> String.format("0x%02x", op);
        };
    }
}
