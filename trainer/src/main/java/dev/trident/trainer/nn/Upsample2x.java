package dev.trident.trainer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Nearest-neighbour 2× upsampling of H and W: {@code y[n,c,i,j] = x[n,c,⌊i/2⌋,⌊j/2⌋]} — ONNX
 * {@code Resize} (mode nearest, scales [1,1,2,2], coordinate_transformation_mode asymmetric,
 * nearest_mode floor). In DJL: repeat each element twice along H, then along W. No parameters.
 * Stateless, thread-safe.
 */
public final class Upsample2x extends Layer {
    @Override
    public NDArray forward(NDArray x, boolean training) {
        return x.repeat(2, 2).repeat(3, 2);
    }

    @Override
    public Shape outputShape(Shape s) {
        return new Shape(s.get(0), s.get(1), s.get(2) * 2, s.get(3) * 2);
    }

    @Override
    public String onnxOps() {
        return "Resize(nearest, x2)";
    }
}
