package dev.trident.trainer.nn;

import ai.djl.ndarray.NDArray;
import java.util.function.BinaryOperator;

/**
 * Arithmetic between an array and a Java number that is safe inside a {@code GradientCollector}.
 * Every op of the training graph that takes a number goes through here, never through DJL's
 * {@code NDArray.mul(Number)} and friends.
 *
 * <p>Why: in DJL 0.35.1's PyTorch engine {@code x.mul(3f)} wraps the 3 in a tensor made with
 * {@code from_blob} over a Java direct buffer and closes it as soon as the op returns. Autograd has
 * saved that tensor for the backward pass (for {@code mul}, {@code div}, {@code pow},
 * {@code maximum}, {@code minimum}: the gradient needs the other operand), but once the garbage
 * collector has freed the buffer, the backward pass reads freed memory: gradients become whatever
 * lies there (1e30, NaN). In training this showed as rare gradient-norm spikes of 1e7–1e13 and NaN
 * losses a few dozen steps into some runs, depending on when the collector ran. Here the number
 * becomes a 0-d tensor that owns native memory (a clone), so autograd keeps it alive on its own.
 *
 * <p>Stateless; thread-safe (the arrays are not).
 */
public final class GraphScalars {
    private GraphScalars() {
    }

    /** A 0-d tensor holding {@code v} in native memory, of {@code like}'s type, on its manager. */
    public static NDArray constant(NDArray like, double v) {
        try (NDArray blob = like.getManager().create((float) v)) {
            NDArray owned = blob.duplicate();
            return like.getDataType() == owned.getDataType() ? owned : owned.toType(like.getDataType(), false);
        }
    }

    /** {@code x · v}. */
    public static NDArray mul(NDArray x, double v) {
        return withConstant(x, v, NDArray::mul);
    }

    /** {@code x / v}. */
    public static NDArray div(NDArray x, double v) {
        return withConstant(x, v, NDArray::div);
    }

    /** {@code x + v}. */
    public static NDArray add(NDArray x, double v) {
        return withConstant(x, v, NDArray::add);
    }

    /** {@code v − x}. */
    public static NDArray rsub(double v, NDArray x) {
        return withConstant(x, v, (a, c) -> c.sub(a));
    }

    /** {@code x^v}. */
    public static NDArray pow(NDArray x, double v) {
        return withConstant(x, v, NDArray::pow);
    }

    /** {@code max(x, v)} elementwise. */
    public static NDArray maximum(NDArray x, double v) {
        return withConstant(x, v, NDArray::maximum);
    }

    /** {@code min(x, v)} elementwise. */
    public static NDArray minimum(NDArray x, double v) {
        return withConstant(x, v, NDArray::minimum);
    }

    /** {@code op(x, v)} with {@code v} as a native-owned constant, closed once the op holds it. */
    private static NDArray withConstant(NDArray x, double v, BinaryOperator<NDArray> op) {
        try (NDArray c = constant(x, v)) {
            return op.apply(x, c);
        }
    }
}
