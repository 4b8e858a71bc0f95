package dev.trident.trainer.world;

import dev.trident.calibration.PinholeCamera;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The output of one render, in reusable row-major buffers: colour, semantic class, depth and
 * instance per pixel, plus the object labels. A renderer overwrites it on every call, so a
 * stream of frames allocates no frame-sized memory.
 *
 * <p>The array accessors return the live buffers (no copy), valid until the next render into
 * this frame. Not thread-safe.
 */
public final class RenderedFrame {
    private final int width;
    private final int height;
    final int[] rgb;
    final byte[] semantic;
    final float[] depth;
    final int[] instance;
    final List<ObjectLabel> objects = new ArrayList<>();
    PinholeCamera camera;
    EgoPose ego;

    public RenderedFrame(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("frame size must be positive, got " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        int n = width * height;
        rgb = new int[n];
        semantic = new byte[n];
        depth = new float[n];
        instance = new int[n];
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Colour per pixel as 0xRRGGBB. Live buffer. */
    public int[] rgb() {
        return rgb;
    }

    /** Segmentation class id per pixel ({@link WorldClasses}). Live buffer. */
    public byte[] semantic() {
        return semantic;
    }

    /**
     * Depth per pixel in metres along the optical axis; {@code +Infinity} for sky. Values beyond
     * {@link WorldClasses#MAX_DEPTH_M} are rendered but written as invalid. Live buffer.
     */
    public float[] depth() {
        return depth;
    }

    /** Per pixel, 1 + the {@link WorldObject#id()} of the labelled object seen there, 0 for none. Live buffer. */
    public int[] instance() {
        return instance;
    }

    /** Labels of the objects visible enough to be labelled, in draw order. */
    public List<ObjectLabel> objects() {
        return Collections.unmodifiableList(objects);
    }

    /** The camera (intrinsics and mount) this frame was rendered with. */
    public PinholeCamera camera() {
        return camera;
    }

    /** The ego pose this frame was rendered from. */
    public EgoPose ego() {
        return ego;
    }
}
