package dev.trident.runtime.source;

/**
 * What a {@link FrameSource} reads. Immutable value; thread-safe.
 *
 * @param spec        the spec it was opened with (path, glob, device or URL)
 * @param description one human-readable line, e.g. "H.264 1280x720 MP4 file via FFmpeg"
 * @param kind        images, video file, camera or network stream
 * @param live        true for cameras and network streams (never paced, never end, reconnect)
 * @param nominalFps  the rate frames are delivered at (files) or announced by the stream (live); 0 if unknown
 * @param width       frame width in pixels, 0 if not known (yet)
 * @param height      frame height in pixels, 0 if not known (yet)
 */
public record SourceInfo(String spec, String description, SourceKind kind, boolean live,
                         double nominalFps, int width, int height) {

    SourceInfo withFormat(String newDescription, double fps, int w, int h) {
        return new SourceInfo(spec, newDescription, kind, live, fps, w, h);
    }
}
