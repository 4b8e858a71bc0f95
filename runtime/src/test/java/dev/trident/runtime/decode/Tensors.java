package dev.trident.runtime.decode;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/** Builds tensor views over direct native-order buffers, as ONNX Runtime's pinned outputs are. */
public final class Tensors {
    private Tensors() {
    }

    /** A zero-filled tensor of the given shape. */
    public static TensorView zeros(String name, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        FloatBuffer data = ByteBuffer.allocateDirect(Math.toIntExact(n) * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        return new TensorView(name, shape, data);
    }

    /** A tensor holding {@code values} (row-major) with the given shape. */
    public static TensorView of(String name, float[] values, long... shape) {
        TensorView t = zeros(name, shape);
        if (t.size() != values.length) {
            throw new IllegalArgumentException("shape needs " + t.size() + " values, got " + values.length);
        }
        t.data().put(0, values);
        return t;
    }

    /** Sets element {@code index} of an NCHW-like tensor: {@code (channel · h + y) · w + x}. */
    public static void set(TensorView t, int channel, int y, int x, float value) {
        int w = t.dim(-1);
        int h = t.dim(-2);
        t.data().put((channel * h + y) * w + x, value);
    }
}
