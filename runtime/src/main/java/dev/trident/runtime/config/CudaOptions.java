package dev.trident.runtime.config;

/** @param deviceId CUDA device ordinal (default 0) */
public record CudaOptions(Integer deviceId) {
    public CudaOptions {
        if (deviceId == null) {
            deviceId = 0;
        }
        if (deviceId < 0) {
            throw new IllegalArgumentException("cuda.deviceId must be ≥ 0, got " + deviceId);
        }
    }

    public static CudaOptions defaults() {
        return new CudaOptions(null);
    }
}
