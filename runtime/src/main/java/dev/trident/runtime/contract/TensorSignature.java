package dev.trident.runtime.contract;

import java.util.Arrays;

/**
 * Name and shape of one model input or output, as the model declares it (−1 = dynamic).
 */
public record TensorSignature(String name, long[] shape) {
    @Override
    public String toString() {
        return name + " " + Arrays.toString(shape).replace("-1", "?");
    }

    public int rank() {
        return shape.length;
    }

    /** Dimension {@code i} (negative counts from the end), or −1 when dynamic. */
    public long dim(int i) {
        return shape[i < 0 ? shape.length + i : i];
    }
}
