package dev.trident.runtime.preprocess;

/**
 * The exact geometric map between a source frame and the model input it was resized into.
 *
 * <p>Coordinates are continuous: pixel (i, j) spans [i, i+1)×[j, j+1), so its centre is
 * (i+0.5, j+0.5). OpenCV's resize aligns pixel centres the same way, hence
 * {@code inputX = sourceX · scaleX + padX} holds exactly for every point, and box edges and pixel
 * centres map back with {@link #toSourceX(double)} / {@link #toSourceY(double)}.
 *
 * <p>Letterbox: the frame is resized to {@code round(w·s)×round(h·s)} with
 * {@code s = min(W/w, H/h)} and placed at integer offset {@code (padX, padY) = ((W−w')/2, (H−h')/2)}
 * (floor); {@code scaleX = w'/w} and {@code scaleY = h'/h} are the exact per-axis factors after
 * rounding. Stretch: {@code scaleX = W/w}, {@code scaleY = H/h}, no padding.
 *
 * <p>Immutable value; thread-safe.
 */
public record InputTransform(int sourceWidth, int sourceHeight, int inputWidth, int inputHeight,
                             double scaleX, double scaleY, int padX, int padY) {

    /** The letterbox placement of a {@code srcW×srcH} frame into a {@code dstW×dstH} input. */
    public static InputTransform letterbox(int srcW, int srcH, int dstW, int dstH) {
        double s = Math.min((double) dstW / srcW, (double) dstH / srcH);
        int w = Math.max(1, Math.min(dstW, (int) Math.round(srcW * s)));
        int h = Math.max(1, Math.min(dstH, (int) Math.round(srcH * s)));
        return new InputTransform(srcW, srcH, dstW, dstH, (double) w / srcW, (double) h / srcH,
                (dstW - w) / 2, (dstH - h) / 2);
    }

    /** The stretch of a {@code srcW×srcH} frame onto a {@code dstW×dstH} input. */
    public static InputTransform stretch(int srcW, int srcH, int dstW, int dstH) {
        return new InputTransform(srcW, srcH, dstW, dstH, (double) dstW / srcW, (double) dstH / srcH, 0, 0);
    }

    /** Width in input pixels of the resized image inside the input (without padding). */
    public int contentWidth() {
        return (int) Math.round(sourceWidth * scaleX);
    }

    /** Height in input pixels of the resized image inside the input (without padding). */
    public int contentHeight() {
        return (int) Math.round(sourceHeight * scaleY);
    }

    public double toSourceX(double inputX) {
        return (inputX - padX) / scaleX;
    }

    public double toSourceY(double inputY) {
        return (inputY - padY) / scaleY;
    }

    public double toInputX(double sourceX) {
        return sourceX * scaleX + padX;
    }

    public double toInputY(double sourceY) {
        return sourceY * scaleY + padY;
    }
}
