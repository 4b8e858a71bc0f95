package dev.trident.trainer.train;

/** A bad training configuration or argument; the message is one line naming the problem and the fix. */
public final class TrainConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrainConfigException(String message) {
        super(message);
    }
}
