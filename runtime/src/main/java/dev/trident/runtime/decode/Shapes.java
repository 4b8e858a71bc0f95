package dev.trident.runtime.decode;

import dev.trident.runtime.contract.ContractException;
import dev.trident.runtime.contract.HeadSpec;
import dev.trident.runtime.preprocess.InputTransform;
import java.util.Map;

/**
 * Tensor lookups and shape checks shared by the decoders, each failing with a one-line
 * {@link ContractException} that names the head, the tensor and the fix.
 *
 * <p>Stateless; thread-safe.
 */
final class Shapes {
    private Shapes() {
    }

    /** The view for a role, or a clear error when the engine did not pass it. */
    static TensorView role(HeadSpec head, Map<String, TensorView> outputs, String role) {
        TensorView v = outputs.get(role);
        if (v == null) {
            throw new ContractException("head '" + head.name() + "': no tensor for output role '" + role
                    + "' (got roles " + outputs.keySet() + "); map the role to a model output in the contract's 'outputs'");
        }
        return v;
    }

    /**
     * Checks that {@code view} is {@code [1, channels, h, w]} — or, when {@code allowDropped} is set, also
     * {@code [channels, h, w]}, or {@code [h, w]} for one channel. {@code channels < 0} accepts any count.
     */
    static void requireChw(HeadSpec head, TensorView view, int channels, String what, boolean allowDropped) {
        int rank = view.rank();
        boolean ok;
        if (rank == 4) {
            ok = view.dim(0) == 1 && (channels < 0 || view.dim(1) == channels);
        } else if (allowDropped && rank == 3) {
            ok = channels < 0 || view.dim(0) == channels;
        } else if (allowDropped && rank == 2) {
            ok = channels < 0 || channels == 1;
        } else {
            ok = false;
        }
        if (!ok || view.dim(-1) <= 0 || view.dim(-2) <= 0) {
            String c = channels < 0 ? "C" : Integer.toString(channels);
            throw new ContractException("head '" + head.name() + "': output '" + view.name() + "' has shape "
                    + view.shapeText() + " but " + what + " must be [1, " + c + ", h, w]; check the head's outputs and classes in the contract");
        }
    }

    /** Channels of a tensor accepted by {@link #requireChw}. */
    static int channels(TensorView view) {
        return view.rank() == 4 ? view.dim(1) : view.rank() == 3 ? view.dim(0) : 1;
    }

    /**
     * The stride of a dense output of {@code w×h} cells over the model input: must be a whole
     * number, the same on both axes, and equal to the contract's stride.
     */
    static int stride(HeadSpec head, TensorView view, InputTransform transform) {
        int w = view.dim(-1);
        int h = view.dim(-2);
        int iw = transform.inputWidth();
        int ih = transform.inputHeight();
        if (iw % w != 0 || ih % h != 0 || iw / w != ih / h) {
            throw new ContractException("head '" + head.name() + "': output '" + view.name() + "' is " + w + "x" + h
                    + " cells, which is not a whole, equal stride of the " + iw + "x" + ih
                    + " model input; check the model's input size and this output");
        }
        int s = iw / w;
        if (s != head.stride()) {
            throw new ContractException("head '" + head.name() + "': output '" + view.name() + "' is " + w + "x" + h
                    + " cells for the " + iw + "x" + ih + " input, i.e. stride " + s + ", but the contract says stride "
                    + head.stride() + "; set the head's stride to " + s);
        }
        return s;
    }

    static void requireTask(HeadSpec head, dev.trident.runtime.contract.Task task, String decoder) {
        if (head.task() != task) {
            throw new IllegalArgumentException(decoder + " decodes " + task.json() + " heads, but head '" + head.name()
                    + "' is a " + head.task().json() + " head");
        }
    }
}
