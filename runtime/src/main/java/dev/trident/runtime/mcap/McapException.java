package dev.trident.runtime.mcap;

import dev.trident.runtime.TridentException;

/**
 * An MCAP file that cannot be read as asked: bad magic, a record whose length runs past the end
 * of the file, a CRC mismatch, an unsupported compression. The message names the file, the byte
 * offset and what to do (usually {@code trident log repair}).
 */
public final class McapException extends TridentException {
    public McapException(String message) {
        super(message);
    }

    public McapException(String message, Throwable cause) {
        super(message, cause);
    }
}
