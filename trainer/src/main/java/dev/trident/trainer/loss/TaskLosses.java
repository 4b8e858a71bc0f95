package dev.trident.trainer.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * The per-task losses, each returned <b>per sample</b> (shape [B]) so that partial labels can be
 * averaged over the labelled samples only ({@link #maskedMean}). Every per-sample value is finite
 * even for an unlabelled sample (all denominators are clamped to ≥ 1, logs of invalid targets are
 * masked), so a zero mask never turns into NaN. Stateless; thread-safe.
 */
public final class TaskLosses {
    private TaskLosses() {
    }

    /**
     * CenterNet's penalty-reduced pixel-wise focal loss (α = 2, β = 4) on heatmap logits:
     * {@code −1/N · Σ [ y=1: (1−p)^α log p ; else: (1−y)^β p^α log(1−p) ]}, N = number of object
     * centres in the sample (≥ 1). log p and log(1−p) are taken as −softplus(∓x) for stability.
     *
     * @param logits [B, C, h, w]
     * @param target [B, C, h, w] Gaussian heatmap, exactly 1 at object centres
     * @return [B]
     */
    public static NDArray focal(NDArray logits, NDArray target) {
        NDArray p = Activation.sigmoid(logits);
        NDArray logP = Activation.softPlus(logits.neg()).neg();
        NDArray log1mP = Activation.softPlus(logits).neg();
        NDArray pos = target.gte(0.9999f).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
        NDArray neg = pos.neg().add(1f);
        NDArray posLoss = logP.mul(p.neg().add(1f).square()).mul(pos);
        NDArray negLoss = log1mP.mul(p.square()).mul(target.neg().add(1f).pow(4)).mul(neg);
        NDArray numPos = pos.sum(new int[] {1, 2, 3}).maximum(1f);
        return posLoss.add(negLoss).sum(new int[] {1, 2, 3}).neg().div(numPos);
    }

    /**
     * L1 at the object centres, normalised by the number of centres:
     * {@code Σ mask·|pred − target| / max(Σ mask, 1)} over channels and pixels.
     *
     * @param pred   [B, 2, h, w]
     * @param target [B, 2, h, w]
     * @param mask   [B, 1, h, w], 1 at object centre cells
     * @return [B]
     */
    public static NDArray maskedL1(NDArray pred, NDArray target, NDArray mask) {
        NDArray n = mask.sum(new int[] {1, 2, 3}).maximum(1f);
        return pred.sub(target).abs().mul(mask).sum(new int[] {1, 2, 3}).div(n);
    }

    /**
     * Cross-entropy over classes with an ignore index: {@code Σ valid·(−log softmax(x)[y]) / max(Σ valid, 1)}.
     *
     * @param logits [B, C, h, w]
     * @param labels [B, 1, h, w] int64 class ids, {@code ignore} where not labelled
     * @param ignore the ignore index (255)
     * @return [B]
     */
    public static NDArray crossEntropy(NDArray logits, NDArray labels, int ignore) {
        NDArray valid = labels.neq(ignore).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
        NDArray safe = labels.mul(valid.toType(labels.getDataType(), false)); // ignore → class 0, masked below
        NDArray logp = logits.logSoftmax(1).gather(safe, 1); // [B, 1, h, w]
        NDArray n = valid.sum(new int[] {1, 2, 3}).maximum(1f);
        return logp.mul(valid).sum(new int[] {1, 2, 3}).neg().div(n);
    }

    /**
     * L1 on log depth over valid pixels: {@code Σ valid·|log d̂ − log d| / max(Σ valid, 1)}.
     *
     * @param logPred   [B, 1, h, w] log of the predicted depth
     * @param target    [B, 1, h, w] metres, 0 = invalid
     * @return [B]
     */
    public static NDArray logDepthL1(NDArray logPred, NDArray target) {
        NDArray valid = target.gt(0f).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
        NDArray logT = target.maximum(1e-3f).log();
        NDArray n = valid.sum(new int[] {1, 2, 3}).maximum(1f);
        return logPred.sub(logT).abs().mul(valid).sum(new int[] {1, 2, 3}).div(n);
    }

    /**
     * Scale-invariant log loss (Eigen et al. 2014) over valid pixels, per sample:
     * {@code mean(d²) − λ·mean(d)²}, d = log d̂ − log d (λ = 0.85); no square root, so the gradient
     * stays finite at zero error.
     */
    public static NDArray silog(NDArray logPred, NDArray target, float lambda) {
        NDArray valid = target.gt(0f).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
        NDArray d = logPred.sub(target.maximum(1e-3f).log()).mul(valid);
        NDArray n = valid.sum(new int[] {1, 2, 3}).maximum(1f);
        NDArray mean = d.sum(new int[] {1, 2, 3}).div(n);
        return d.square().sum(new int[] {1, 2, 3}).div(n).sub(mean.square().mul(lambda));
    }

    /**
     * Partial labels: the mean of {@code perSample} over the samples whose {@code mask} is 1;
     * exactly 0 (not NaN) when no sample carries the label.
     *
     * @param perSample [B]
     * @param mask      [B], 1 = the sample has this task's label
     */
    public static NDArray maskedMean(NDArray perSample, NDArray mask) {
        return perSample.mul(mask).sum().div(mask.sum().maximum(1f));
    }
}
