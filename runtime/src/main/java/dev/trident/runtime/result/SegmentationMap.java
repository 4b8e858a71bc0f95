package dev.trident.runtime.result;

import dev.trident.runtime.preprocess.InputTransform;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * Class map of one segmentation head at head resolution, preallocated and refilled every frame by
 * its decoder. Each cell holds a class id 0..C−1, or {@link #NONE} where no class applies (a
 * sigmoid head with no channel on, or a cell whose outputs were all non-finite). Sigmoid
 * (multi-label) heads also keep one binary mask per channel; their {@link #classAt} is the on
 * channel with the highest output.
 *
 * <p>Cells map to the source frame through the {@link InputTransform} of the last decode (see
 * {@link HeadGrid}); {@link #fraction} counts only the cells whose centre lies in the image
 * content, never the letterbox padding.
 *
 * <p>Not thread-safe: the decoder overwrites it every frame. Use {@link #copy()} to keep one.
 */
public final class SegmentationMap {
    /** Class id of a cell with no class. */
    public static final int NONE = 255;

    private final int width;
    private final int height;
    private final List<String> classes;
    private final boolean multiLabel;
    private final byte[] classIds;
    private final byte[] channelMasks;
    private final double[] fractions;
    private HeadGrid grid;

    // toSourceResolution scratch, sized for the last source frame size
    private int[] sourceColumnCells = new int[0];
    private int[] sourceRowCells = new int[0];
    private byte[] sourcePixels = new byte[0];
    private HeadGrid sourceLookupGrid;

    /**
     * An empty map (every cell {@link #NONE}).
     *
     * @param classes    class names, at most 255 (id 255 is {@link #NONE})
     * @param multiLabel true for a sigmoid head (one binary mask per channel)
     */
    public SegmentationMap(int width, int height, List<String> classes, boolean multiLabel) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("segmentation map size must be positive, got " + width + "x" + height);
        }
        if (classes == null || classes.isEmpty() || classes.size() > NONE) {
            throw new IllegalArgumentException("a segmentation map needs 1.." + NONE + " classes, got "
                    + (classes == null ? 0 : classes.size()));
        }
        this.width = width;
        this.height = height;
        this.classes = List.copyOf(classes);
        this.multiLabel = multiLabel;
        this.classIds = new byte[width * height];
        Arrays.fill(classIds, (byte) NONE);
        this.channelMasks = multiLabel ? new byte[classes.size() * width * height] : null;
        this.fractions = new double[classes.size()];
    }

    private SegmentationMap(SegmentationMap o) {
        this.width = o.width;
        this.height = o.height;
        this.classes = o.classes;
        this.multiLabel = o.multiLabel;
        this.classIds = o.classIds.clone();
        this.channelMasks = o.channelMasks == null ? null : o.channelMasks.clone();
        this.fractions = o.fractions.clone();
        this.grid = o.grid;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public List<String> classes() {
        return classes;
    }

    /** True for a sigmoid head: channels are independent binary maps. */
    public boolean multiLabel() {
        return multiLabel;
    }

    /** Class of head cell (x, y): 0..C−1, or {@link #NONE}. */
    public int classAt(int x, int y) {
        return classIds[index(x, y)] & 0xFF;
    }

    /**
     * Class at a source-frame point, through the transform of the last decode; {@link #NONE}
     * outside the source frame (the image content).
     */
    public int classAtSource(double sx, double sy) {
        HeadGrid g = grid();
        if (!g.insideSource(sx, sy)) {
            return NONE;
        }
        return classIds[g.cellY(sy) * width + g.cellX(sx)] & 0xFF;
    }

    /**
     * Share of the image-content cells (letterbox padding excluded) whose class is
     * {@code classId}; for a sigmoid head, whose channel {@code classId} is on. 0 before the
     * first decode.
     */
    public double fraction(int classId) {
        Objects.checkIndex(classId, fractions.length);
        return fractions[classId];
    }

    /** A copy of {@link #fraction} for every class. */
    public double[] fractions() {
        return fractions.clone();
    }

    /** Sigmoid heads: whether channel {@code channel} is on at cell (x, y); logits heads: {@code classAt(x, y) == channel}. */
    public boolean channelOn(int channel, int x, int y) {
        Objects.checkIndex(channel, classes.size());
        int i = index(x, y);
        if (multiLabel) {
            return channelMasks[channel * width * height + i] != 0;
        }
        return (classIds[i] & 0xFF) == channel;
    }

    /** The live class array, row-major {@code height·width}, unsigned bytes. Read-only by contract (the decoder fills it). */
    public byte[] classIds() {
        return classIds;
    }

    /**
     * Sigmoid heads: the live per-channel masks, plane-major {@code C·height·width}, 1 = on;
     * {@code null} for logits heads. Read-only by contract (the decoder fills it).
     */
    public byte[] channelMasks() {
        return channelMasks;
    }

    /**
     * Called by the decoder once it has refilled {@link #classIds()} (and {@link #channelMasks()}):
     * records the frame's transform and recomputes the per-class fractions.
     */
    public void onDecoded(InputTransform transform) {
        if (grid == null || !grid.transform().equals(transform)) {
            grid = new HeadGrid(transform, width, height);
        }
        Arrays.fill(fractions, 0);
        int content = grid.contentCells();
        if (content == 0) {
            return;
        }
        int x0 = grid.contentX0();
        int x1 = grid.contentX1();
        if (multiLabel) {
            int plane = width * height;
            for (int c = 0; c < fractions.length; c++) {
                int on = 0;
                for (int y = grid.contentY0(); y < grid.contentY1(); y++) {
                    int row = c * plane + y * width;
                    for (int x = x0; x < x1; x++) {
                        on += channelMasks[row + x];
                    }
                }
                fractions[c] = (double) on / content;
            }
        } else {
            for (int y = grid.contentY0(); y < grid.contentY1(); y++) {
                int row = y * width;
                for (int x = x0; x < x1; x++) {
                    int c = classIds[row + x] & 0xFF;
                    if (c != NONE) {
                        fractions[c]++;
                    }
                }
            }
            for (int c = 0; c < fractions.length; c++) {
                fractions[c] /= content;
            }
        }
    }

    /**
     * Writes the class map at source-frame size into {@code dst} (8UC1, nearest cell per source
     * pixel centre, {@link #NONE} where no class). {@code dst} is reused when it already has that
     * size and type, else reallocated; scratch arrays are kept for the next call.
     */
    public void toSourceResolution(Mat dst) {
        HeadGrid g = grid();
        InputTransform t = g.transform();
        int sw = t.sourceWidth();
        int sh = t.sourceHeight();
        if (sourceLookupGrid != g) {
            if (sourceColumnCells.length != sw) {
                sourceColumnCells = new int[sw];
            }
            if (sourceRowCells.length != sh) {
                sourceRowCells = new int[sh];
            }
            g.sourceColumnsToCells(sourceColumnCells);
            g.sourceRowsToCells(sourceRowCells);
            sourceLookupGrid = g;
        }
        if (sourcePixels.length != sw * sh) {
            sourcePixels = new byte[sw * sh];
        }
        int previousCellRow = -1;
        for (int j = 0; j < sh; j++) {
            int dstRow = j * sw;
            int cellRow = sourceRowCells[j];
            if (cellRow == previousCellRow) {
                // same head row as the source row above: copy instead of looking up again
                System.arraycopy(sourcePixels, dstRow - sw, sourcePixels, dstRow, sw);
                continue;
            }
            int srcRow = cellRow * width;
            for (int i = 0; i < sw; i++) {
                sourcePixels[dstRow + i] = classIds[srcRow + sourceColumnCells[i]];
            }
            previousCellRow = cellRow;
        }
        if (dst.rows() != sh || dst.cols() != sw || dst.type() != CvType.CV_8UC1) {
            dst.create(sh, sw, CvType.CV_8UC1);
        }
        dst.put(0, 0, sourcePixels);
    }

    /** The transform of the last decode, or null before the first. */
    public InputTransform transform() {
        return grid == null ? null : grid.transform();
    }

    /** The cell geometry of the last decode; throws {@link IllegalStateException} before the first. */
    public HeadGrid grid() {
        if (grid == null) {
            throw new IllegalStateException("segmentation map has not been decoded yet: no frame transform to map source points");
        }
        return grid;
    }

    /** An independent deep copy (not refilled by the decoder). */
    public SegmentationMap copy() {
        return new SegmentationMap(this);
    }

    private int index(int x, int y) {
        Objects.checkIndex(x, width);
        Objects.checkIndex(y, height);
        return y * width + x;
    }
}
