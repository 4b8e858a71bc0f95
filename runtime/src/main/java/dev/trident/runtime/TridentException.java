package dev.trident.runtime;

/**
 * A problem a user can fix: a broken model, contract, config or frame. The message is one line
 * that names what is wrong and how to fix it; CLIs print it as-is and exit non-zero.
 */
public class TridentException extends RuntimeException {
    public TridentException(String message) {
        super(message);
    }

    public TridentException(String message, Throwable cause) {
        super(message, cause);
    }
}
