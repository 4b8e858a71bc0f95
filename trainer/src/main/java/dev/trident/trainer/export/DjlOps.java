package dev.trident.trainer.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import dev.trident.trainer.nn.BatchNorm2d;
import dev.trident.trainer.nn.BilinearUpsample;
import dev.trident.trainer.nn.Conv2d;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link GraphOps} on DJL arrays, in evaluation mode: Conv and BatchNorm run their own
 * {@code forward} (unfolded), the parameter-free ops the same DJL calls as their layers. Every
 * value is kept in {@link #trace()} under its path, in the order computed, to compare node by node
 * against the ONNX graph when parity fails.
 *
 * <p>Not thread-safe; one walk per instance. The arrays live in the input's manager.
 */
public final class DjlOps implements GraphOps<NDArray> {
    private final Map<String, NDArray> trace = new LinkedHashMap<>();

    /** Every value computed, by path, in computation order. */
    public Map<String, NDArray> trace() {
        return trace;
    }

    private NDArray keep(String path, NDArray v) {
        trace.put(path, v);
        return v;
    }

    @Override
    public NDArray conv(String path, Conv2d conv, BatchNorm2d bn, NDArray x) {
        NDArray y = conv.forward(x, false);
        return keep(path, bn == null ? y : bn.forward(y, false));
    }

    @Override
    public NDArray batchNorm(String path, BatchNorm2d bn, NDArray x) {
        return keep(path, bn.forward(x, false));
    }

    @Override
    public NDArray relu(String path, NDArray x) {
        return keep(path, Activation.relu(x));
    }

    @Override
    public NDArray sigmoid(String path, NDArray x) {
        return keep(path, Activation.sigmoid(x));
    }

    @Override
    public NDArray upsample2x(String path, NDArray x) {
        return keep(path, x.repeat(2, 2).repeat(3, 2));
    }

    @Override
    public NDArray bilinearUpsample(String path, BilinearUpsample up, NDArray x) {
        return keep(path, up.forward(x, false));
    }

    @Override
    public NDArray add(String path, NDArray a, NDArray b) {
        return keep(path, a.add(b));
    }

    @Override
    public NDArray concat(String path, List<NDArray> xs) {
        return keep(path, NDArrays.concat(new NDList(xs), 1));
    }
}
