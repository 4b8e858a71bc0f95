package dev.trident.runtime.config;

/**
 * TensorRT execution provider options.
 *
 * @param fp16            build FP16 engines (default true)
 * @param engineCache     cache built engines on disk and reuse them across restarts (default true)
 * @param engineCachePath where the engine cache lives (default {@code ~/.cache/trident/tensorrt})
 * @param dlaCore         DLA core to use on Jetson (−1 = none, default)
 * @param workspaceBytes  TensorRT builder workspace limit in bytes (0 = ORT default)
 */
public record TensorRtOptions(Boolean fp16, Boolean engineCache, String engineCachePath, Integer dlaCore, Long workspaceBytes) {
    public TensorRtOptions {
        if (fp16 == null) {
            fp16 = true;
        }
        if (engineCache == null) {
            engineCache = true;
        }
        if (engineCachePath == null || engineCachePath.isBlank()) {
            engineCachePath = System.getProperty("user.home") + "/.cache/trident/tensorrt";
        }
        if (dlaCore == null) {
            dlaCore = -1;
        }
        if (workspaceBytes == null) {
            workspaceBytes = 0L;
        }
    }

    public static TensorRtOptions defaults() {
        return new TensorRtOptions(null, null, null, null, null);
    }
}
