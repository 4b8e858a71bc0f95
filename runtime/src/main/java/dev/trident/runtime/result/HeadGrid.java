package dev.trident.runtime.result;

import dev.trident.runtime.preprocess.InputTransform;

/**
 * The geometry between a dense head's cell grid and the source frame. The head covers the whole
 * model input at stride {@code s = inputWidth / width} (and {@code inputHeight / height}); cell
 * (x, y) spans input [x·s, (x+1)·s) and has its centre at input ((x+0.5)·s, (y+0.5)·s). A source
 * point maps to the cell that contains its input point. Content cells are those whose centre lies
 * inside the resized image (letterbox padding excluded): columns {@code [contentX0, contentX1)},
 * rows {@code [contentY0, contentY1)}.
 *
 * <p>Immutable value; thread-safe.
 */
public final class HeadGrid {
    private final InputTransform transform;
    private final int width;
    private final int height;
    private final double strideX;
    private final double strideY;
    private final int contentX0;
    private final int contentX1;
    private final int contentY0;
    private final int contentY1;

    public HeadGrid(InputTransform transform, int width, int height) {
        if (transform == null) {
            throw new IllegalArgumentException("a head grid needs the frame's InputTransform");
        }
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("head size must be positive, got " + width + "x" + height);
        }
        this.transform = transform;
        this.width = width;
        this.height = height;
        this.strideX = (double) transform.inputWidth() / width;
        this.strideY = (double) transform.inputHeight() / height;
        int[] xs = contentRange(width, strideX, transform.padX(), transform.contentWidth());
        int[] ys = contentRange(height, strideY, transform.padY(), transform.contentHeight());
        contentX0 = xs[0];
        contentX1 = xs[1];
        contentY0 = ys[0];
        contentY1 = ys[1];
    }

    /** [first, end) of the cells whose centre lies in [pad, pad + content). */
    private static int[] contentRange(int cells, double stride, int pad, int content) {
        int first = cells;
        int end = 0;
        for (int i = 0; i < cells; i++) {
            double c = (i + 0.5) * stride;
            if (c >= pad && c < pad + content) {
                first = Math.min(first, i);
                end = i + 1;
            }
        }
        return first < end ? new int[] {first, end} : new int[] {0, 0};
    }

    public InputTransform transform() {
        return transform;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public double strideX() {
        return strideX;
    }

    public double strideY() {
        return strideY;
    }

    public int contentX0() {
        return contentX0;
    }

    public int contentX1() {
        return contentX1;
    }

    public int contentY0() {
        return contentY0;
    }

    public int contentY1() {
        return contentY1;
    }

    /** Number of content cells. */
    public int contentCells() {
        return (contentX1 - contentX0) * (contentY1 - contentY0);
    }

    public boolean isContentCell(int x, int y) {
        return x >= contentX0 && x < contentX1 && y >= contentY0 && y < contentY1;
    }

    /** Whether a source point lies inside the source frame, [0, w)×[0, h). */
    public boolean insideSource(double sx, double sy) {
        return sx >= 0 && sx < transform.sourceWidth() && sy >= 0 && sy < transform.sourceHeight();
    }

    /** Column of the cell holding source x (clamped to the grid). */
    public int cellX(double sourceX) {
        return clamp((int) Math.floor(transform.toInputX(sourceX) / strideX), width);
    }

    /** Row of the cell holding source y (clamped to the grid). */
    public int cellY(double sourceY) {
        return clamp((int) Math.floor(transform.toInputY(sourceY) / strideY), height);
    }

    /** Source x of the centre of column x. */
    public double cellCentreSourceX(int x) {
        return transform.toSourceX((x + 0.5) * strideX);
    }

    /** Source y of the centre of row y. */
    public double cellCentreSourceY(int y) {
        return transform.toSourceY((y + 0.5) * strideY);
    }

    /** For each source column, the head column its pixel centre falls in (fills {@code dst[0..sourceWidth)}). */
    public void sourceColumnsToCells(int[] dst) {
        for (int i = 0; i < transform.sourceWidth(); i++) {
            dst[i] = cellX(i + 0.5);
        }
    }

    /** For each source row, the head row its pixel centre falls in (fills {@code dst[0..sourceHeight)}). */
    public void sourceRowsToCells(int[] dst) {
        for (int j = 0; j < transform.sourceHeight(); j++) {
            dst[j] = cellY(j + 0.5);
        }
    }

    private static int clamp(int v, int n) {
        return v < 0 ? 0 : Math.min(v, n - 1);
    }
}
