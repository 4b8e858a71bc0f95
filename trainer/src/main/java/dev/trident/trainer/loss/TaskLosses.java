package dev.trident.trainer.loss;

import static dev.trident.trainer.nn.GraphScalars.add;
import static dev.trident.trainer.nn.GraphScalars.maximum;
import static dev.trident.trainer.nn.GraphScalars.mul;
import static dev.trident.trainer.nn.GraphScalars.pow;
import static dev.trident.trainer.nn.GraphScalars.rsub;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * The per-task losses, each returned <b>per sample</b> (shape [B]) so that partial labels can be
 * averaged over the labelled samples only ({@link #maskedMean}). Every per-sample value is finite
 * even for an unlabelled sample (all denominators are clamped to ≥ 1, logs of invalid targets are
 * masked), so a zero mask never turns into NaN. Numbers enter the graph through
 * {@link dev.trident.trainer.nn.GraphScalars} only. Stateless; thread-safe.
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
        NDArray neg = rsub(1, pos);
        NDArray posLoss = logP.mul(rsub(1, p).square()).mul(pos);
        NDArray negLoss = log1mP.mul(p.square()).mul(pow(rsub(1, target), 4)).mul(neg);
        NDArray numPos = maximum(pos.sum(new int[] {1, 2, 3}), 1);
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
        NDArray n = maximum(mask.sum(new int[] {1, 2, 3}), 1);
        return pred.sub(target).abs().mul(mask).sum(new int[] {1, 2, 3}).div(n);
    }

    /**
     * GIoU box loss over weighted regression cells (TTFNet, Liu et al. 2019; GIoU, Rezatofighi et
     * al. 2019): at every cell (x, y) with weight {@code w > 0} the head's outputs decode to the box
     * centred at (x + dx, y + dy) of size (max(sw, 0), max(sh, 0)) — exactly what the runtime's
     * CenterNet decoder does with a peak at that cell — and the loss is
     * {@code Σ w·(1 − GIoU(pred, target)) / max(Σ w, 1)}. GIoU is scale-free, so a 1-pixel error
     * costs a 3-pixel box what it should, unlike L1 on the size. All in cells.
     *
     * @param size   [B, 2, h, w] predicted (w, h)
     * @param offset [B, 2, h, w] predicted centre offset from the cell corner
     * @param target [B, 4, h, w] target box (x1, y1, x2, y2) at each regression cell
     * @param weight [B, 1, h, w] regression weight (0 = not a regression cell)
     * @return [B]
     */
    public static NDArray giou(NDArray size, NDArray offset, NDArray target, NDArray weight) {
        long h = size.getShape().get(2);
        long w = size.getShape().get(3);
        NDArray gx = size.getManager().arange(0f, (float) w, 1f).reshape(1, 1, 1, w);
        NDArray gy = size.getManager().arange(0f, (float) h, 1f).reshape(1, 1, h, 1);
        ai.djl.ndarray.NDList s = maximum(size, 0).split(2, 1);
        ai.djl.ndarray.NDList o = offset.split(2, 1);
        ai.djl.ndarray.NDList t = target.split(4, 1);
        NDArray cx = o.get(0).add(gx);
        NDArray cy = o.get(1).add(gy);
        NDArray halfW = mul(s.get(0), 0.5);
        NDArray halfH = mul(s.get(1), 0.5);
        NDArray px1 = cx.sub(halfW);
        NDArray px2 = cx.add(halfW);
        NDArray py1 = cy.sub(halfH);
        NDArray py2 = cy.add(halfH);
        NDArray tx1 = t.get(0);
        NDArray ty1 = t.get(1);
        NDArray tx2 = t.get(2);
        NDArray ty2 = t.get(3);
        NDArray iw = maximum(px2.minimum(tx2).sub(px1.maximum(tx1)), 0);
        NDArray ih = maximum(py2.minimum(ty2).sub(py1.maximum(ty1)), 0);
        NDArray inter = iw.mul(ih);
        NDArray union = s.get(0).mul(s.get(1)).add(tx2.sub(tx1).mul(ty2.sub(ty1))).sub(inter);
        NDArray iou = inter.div(add(union, 1e-6));
        NDArray hullW = px2.maximum(tx2).sub(px1.minimum(tx1));
        NDArray hullH = py2.maximum(ty2).sub(py1.minimum(ty1));
        NDArray hull = add(hullW.mul(hullH), 1e-6);
        NDArray giou = iou.sub(hull.sub(union).div(hull));
        NDArray loss = rsub(1, giou).mul(weight);
        return loss.sum(new int[] {1, 2, 3}).div(maximum(weight.sum(new int[] {1, 2, 3}), 1));
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
        NDArray n = maximum(valid.sum(new int[] {1, 2, 3}), 1);
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
        NDArray logT = maximum(target, 1e-3).log();
        NDArray n = maximum(valid.sum(new int[] {1, 2, 3}), 1);
        return logPred.sub(logT).abs().mul(valid).sum(new int[] {1, 2, 3}).div(n);
    }

    /**
     * Scale-invariant log loss (Eigen et al. 2014) over valid pixels, per sample:
     * {@code mean(d²) − λ·mean(d)²}, d = log d̂ − log d (λ = 0.85); no square root, so the gradient
     * stays finite at zero error.
     */
    public static NDArray silog(NDArray logPred, NDArray target, float lambda) {
        NDArray valid = target.gt(0f).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
        NDArray d = logPred.sub(maximum(target, 1e-3).log()).mul(valid);
        NDArray n = maximum(valid.sum(new int[] {1, 2, 3}), 1);
        NDArray mean = d.sum(new int[] {1, 2, 3}).div(n);
        return d.square().sum(new int[] {1, 2, 3}).div(n).sub(mul(mean.square(), lambda));
    }

    /**
     * Partial labels: the mean of {@code perSample} over the samples whose {@code mask} is 1;
     * exactly 0 (not NaN) when no sample carries the label.
     *
     * @param perSample [B]
     * @param mask      [B], 1 = the sample has this task's label
     */
    public static NDArray maskedMean(NDArray perSample, NDArray mask) {
        return perSample.mul(mask).sum().div(maximum(mask.sum(), 1));
    }
}
