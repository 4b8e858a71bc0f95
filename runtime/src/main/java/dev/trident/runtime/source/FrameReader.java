package dev.trident.runtime.source;

import org.opencv.core.Mat;

/**
 * One opened session on a file, camera or stream: decodes good frames in order. File sources
 * reopen a reader to loop; live sources reopen it to reconnect. Used by one thread at a time
 * (the source's reading thread, or {@code close()} once that thread is out).
 */
interface FrameReader extends AutoCloseable {

    /**
     * Decodes the next good frame into {@code into} (8-bit BGR), skipping and counting corrupt
     * ones. Returns false at the end of the stream (or, for a live stream, when it was lost or
     * the source was closed).
     *
     * @throws dev.trident.runtime.TridentException on an I/O or decoder error that ends the session
     */
    boolean next(Mat into);

    /** The session's own frame rate, 0 if unknown. */
    double fps();

    /** Frame width once known (after open for most readers), else 0. */
    int width();

    int height();

    /** One line: codec/format and how it is read. */
    String description();

    @Override
    void close();
}
