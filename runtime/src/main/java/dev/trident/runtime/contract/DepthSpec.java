package dev.trident.runtime.contract;

/**
 * @param encoding how the output encodes metres (see {@link DepthEncoding})
 * @param minDepth smallest valid depth, metres (&gt; 0)
 * @param maxDepth largest valid depth, metres (&gt; minDepth)
 */
public record DepthSpec(DepthEncoding encoding, double minDepth, double maxDepth) {
    public DepthSpec {
        if (encoding == null) {
            throw new IllegalArgumentException("depth.encoding is required: metric, inverse, log or disparity");
        }
        if (!(minDepth > 0) || !(maxDepth > minDepth)) {
            throw new IllegalArgumentException("depth range must satisfy 0 < minDepth < maxDepth, got ["
                    + minDepth + ", " + maxDepth + "]");
        }
    }
}
