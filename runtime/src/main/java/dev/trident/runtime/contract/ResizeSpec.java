package dev.trident.runtime.contract;

/**
 * @param mode     letterbox (default) or stretch
 * @param padValue 8-bit value of the letterbox border in every channel, before normalisation (default 114)
 */
public record ResizeSpec(ResizeMode mode, Integer padValue) {
    public ResizeSpec {
        if (mode == null) {
            mode = ResizeMode.LETTERBOX;
        }
        if (padValue == null) {
            padValue = 114;
        }
        if (padValue < 0 || padValue > 255) {
            throw new IllegalArgumentException("input.resize.padValue must be 0..255, got " + padValue);
        }
    }

    public static ResizeSpec letterbox(int padValue) {
        return new ResizeSpec(ResizeMode.LETTERBOX, padValue);
    }

    public static ResizeSpec stretch() {
        return new ResizeSpec(ResizeMode.STRETCH, 0);
    }
}
