package dev.trident.runtime.mcap;

/**
 * A Schema record: how the messages of the channels that use it are laid out.
 *
 * @param id       1..65535, unique in the file
 * @param name     e.g. {@code foxglove.CompressedImage}
 * @param encoding e.g. {@code jsonschema}; empty when there is no schema
 * @param data     the schema itself (for {@code jsonschema}: a JSON Schema document)
 */
public record McapSchema(int id, String name, String encoding, byte[] data) {
}
