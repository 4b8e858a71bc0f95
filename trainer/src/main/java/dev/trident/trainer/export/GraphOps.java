package dev.trident.trainer.export;

import dev.trident.trainer.nn.BatchNorm2d;
import dev.trident.trainer.nn.BilinearUpsample;
import dev.trident.trainer.nn.Conv2d;
import java.util.List;

/**
 * The operations a Trident network is made of, as {@link NetworkWalker} visits them. One walk of
 * the layer tree drives two implementations: {@link OnnxOps} writes ONNX nodes, {@link DjlOps}
 * computes the same values with DJL (the trained layers' own forward) and keeps every
 * intermediate, so a parity failure can be traced to the first node that diverges.
 *
 * <p>{@code path} is the dotted layer path of the value produced (e.g.
 * {@code backbone.stage1.block1.body.bn1}); values are traced under it.
 *
 * @param <T> the value type: an ONNX value name, or a DJL array
 */
public interface GraphOps<T> {

    /** {@code conv}, then {@code bn} (folded into the conv's weights and bias) when not null. */
    T conv(String path, Conv2d conv, BatchNorm2d bn, T x);

    /** A BatchNorm that follows no convolution (evaluation mode, running statistics). */
    T batchNorm(String path, BatchNorm2d bn, T x);

    T relu(String path, T x);

    T sigmoid(String path, T x);

    /** Nearest-neighbour 2× upsampling (floor mapping). */
    T upsample2x(String path, T x);

    /** Bilinear upsampling by {@code up}'s factor, pixel centres aligned (half-pixel mapping). */
    T bilinearUpsample(String path, BilinearUpsample up, T x);

    T add(String path, T a, T b);

    /** Concatenation on the channel axis. */
    T concat(String path, List<T> xs);
}
