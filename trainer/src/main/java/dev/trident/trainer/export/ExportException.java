package dev.trident.trainer.export;

/**
 * An export that cannot go on: an unreadable checkpoint, a layer the exporter does not map, a
 * graph ONNX Runtime rejects, or a parity failure. The message is one line naming what is wrong
 * (the checkpoint file, the layer path, the diverging node) and the fix.
 */
public final class ExportException extends RuntimeException {
    public ExportException(String message) {
        super(message);
    }

    public ExportException(String message, Throwable cause) {
        super(message, cause);
    }
}
