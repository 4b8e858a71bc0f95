package dev.trident.trainer.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.trident.runtime.contract.Task;
import dev.trident.trainer.world.WorldClasses;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The network's configuration (the {@code model:} section of a training config). Sizes:
 * {@code n} (width 0.5, depth 0.5) and {@code s} (width 1, depth 1) over the base
 * {@link #BASE_STAGES}/{@link #BASE_BLOCKS} layout; {@code width}/{@code depth} override the
 * multipliers. Immutable value; thread-safe.
 *
 * @param size         n or s (preset multipliers)
 * @param block        residual or inverted (inverted-residual, MobileNetV2)
 * @param width        channel multiplier (null = the size's)
 * @param depth        block-count multiplier (null = the size's)
 * @param neckStride   4 or 8
 * @param heads        any non-empty subset of detection, segmentation, depth
 * @param inputWidth   model input width, pixels (multiple of 32)
 * @param inputHeight  model input height, pixels (multiple of 32)
 * @param minDepth     depth range lower bound, metres
 * @param maxDepth     depth range upper bound, metres
 * @param detectionClasses    detection class names (null = the synthetic world's)
 * @param segmentationClasses segmentation class names (null = the synthetic world's)
 * @param segmentationUpsample {@code none}: segmentation logits at the neck stride; {@code bilinear}:
 *                     upsampled bilinearly to the input size inside the network (trained on every
 *                     labelled pixel, exported as ONNX Resize, a class per input pixel at run time)
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record ModelConfig(String size, String block, Double width, Double depth, Integer neckStride,
                          List<String> heads, Integer inputWidth, Integer inputHeight,
                          Double minDepth, Double maxDepth,
                          List<String> detectionClasses, List<String> segmentationClasses,
                          String segmentationUpsample) {

    public static final int BASE_STEM = 32;
    public static final int[] BASE_STAGES = {24, 48, 96, 192};
    public static final int[] BASE_BLOCKS = {1, 2, 2, 1};
    public static final int BASE_NECK = 48;
    public static final int BASE_HEAD = 32;

    /** Backbone block kinds. */
    public enum BlockType { RESIDUAL, INVERTED }

    /** The resolved layer sizes. */
    public record Architecture(BlockType block, int stem, int[] stages, int[] blocks, int expansion,
                               int neckChannels, int headChannels, int neckStride) {
    }

    public ModelConfig {
        size = size == null ? "n" : size.toLowerCase(Locale.ROOT);
        if (!size.equals("n") && !size.equals("s")) {
            throw new IllegalArgumentException("model.size must be n or s, got '" + size + "'");
        }
        block = block == null ? "residual" : block.toLowerCase(Locale.ROOT);
        if (!block.equals("residual") && !block.equals("inverted")) {
            throw new IllegalArgumentException("model.block must be residual or inverted, got '" + block + "'");
        }
        double defWidth = size.equals("n") ? 0.5 : 1.0;
        width = width == null ? defWidth : width;
        depth = depth == null ? defWidth : depth;
        if (width <= 0 || depth <= 0) {
            throw new IllegalArgumentException("model.width and model.depth must be > 0");
        }
        neckStride = neckStride == null ? 4 : neckStride;
        if (neckStride != 4 && neckStride != 8) {
            throw new IllegalArgumentException("model.neckStride must be 4 or 8, got " + neckStride);
        }
        heads = heads == null ? List.of("detection", "segmentation", "depth") : List.copyOf(heads);
        if (heads.isEmpty()) {
            throw new IllegalArgumentException("model.heads is empty; list at least one of detection, segmentation, depth");
        }
        for (String h : heads) {
            if (!List.of("detection", "segmentation", "depth").contains(h)) {
                throw new IllegalArgumentException("unknown head '" + h + "' in model.heads; use detection, segmentation or depth");
            }
        }
        inputWidth = inputWidth == null ? 320 : inputWidth;
        inputHeight = inputHeight == null ? 192 : inputHeight;
        if (inputWidth <= 0 || inputHeight <= 0 || inputWidth % 32 != 0 || inputHeight % 32 != 0) {
            throw new IllegalArgumentException("model input size " + inputWidth + "x" + inputHeight
                    + " must be positive multiples of 32");
        }
        minDepth = minDepth == null ? 0.5 : minDepth;
        maxDepth = maxDepth == null ? WorldClasses.MAX_DEPTH_M : maxDepth;
        if (!(minDepth > 0 && maxDepth > minDepth)) {
            throw new IllegalArgumentException("model depth range must satisfy 0 < minDepth < maxDepth, got "
                    + minDepth + ".." + maxDepth);
        }
        detectionClasses = detectionClasses == null ? WorldClasses.DETECTION : List.copyOf(detectionClasses);
        segmentationClasses = segmentationClasses == null ? WorldClasses.SEGMENTATION : List.copyOf(segmentationClasses);
        segmentationUpsample = segmentationUpsample == null ? "none" : segmentationUpsample.toLowerCase(Locale.ROOT);
        if (!segmentationUpsample.equals("none") && !segmentationUpsample.equals("bilinear")) {
            throw new IllegalArgumentException("model.segmentationUpsample must be none or bilinear, got '"
                    + segmentationUpsample + "'");
        }
    }

    /** Output stride of the segmentation head: 1 when its logits are upsampled to the input, else the neck's. */
    public int segmentationStride() {
        return segmentationUpsample.equals("bilinear") ? 1 : neckStride;
    }

    /** Defaults: size n, residual, all three heads, 320×192. */
    public static ModelConfig defaults() {
        return new ModelConfig(null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** A copy with other heads (the single-task variants). */
    public ModelConfig withHeads(List<String> newHeads) {
        return new ModelConfig(size, block, width, depth, neckStride, newHeads, inputWidth, inputHeight,
                minDepth, maxDepth, detectionClasses, segmentationClasses, segmentationUpsample);
    }

    /** A copy at another input size. */
    public ModelConfig withInput(int w, int h) {
        return new ModelConfig(size, block, width, depth, neckStride, heads, w, h,
                minDepth, maxDepth, detectionClasses, segmentationClasses, segmentationUpsample);
    }

    /** The heads as tasks. */
    public Set<Task> tasks() {
        Set<Task> t = EnumSet.noneOf(Task.class);
        for (String h : heads) {
            t.add(Task.valueOf(h.toUpperCase(Locale.ROOT)));
        }
        return t;
    }

    /** The resolved layer sizes. */
    public Architecture architecture() {
        int[] stages = new int[BASE_STAGES.length];
        int[] blocks = new int[BASE_BLOCKS.length];
        for (int i = 0; i < stages.length; i++) {
            stages[i] = round8(BASE_STAGES[i] * width);
            blocks[i] = Math.max(1, (int) Math.round(BASE_BLOCKS[i] * depth));
        }
        return new Architecture(block.equals("residual") ? BlockType.RESIDUAL : BlockType.INVERTED,
                round8(BASE_STEM * width), stages, blocks, 4, round8(BASE_NECK * width), round8(BASE_HEAD * width),
                neckStride);
    }

    private static int round8(double c) {
        return Math.max(8, (int) Math.round(c / 8.0) * 8);
    }
}
