package dev.trident.trainer.data;

import dev.trident.runtime.TridentException;

/**
 * A dataset that cannot be read or written: the one-line message names the file, what is wrong
 * with it and how to fix it.
 */
public class DatasetException extends TridentException {
    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
