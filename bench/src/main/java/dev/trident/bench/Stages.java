package dev.trident.bench;

import java.util.Locale;

/** Stage names shared by every mode, so reports line them up. Stateless. */
final class Stages {
    static final String PREPROCESS = "preprocess";
    static final String INFERENCE = "inference";
    static final String PUBLISH = "publish";
    static final String DECODE_PREFIX = "decode:";

    private Stages() {
    }

    /** The decode stage of one head. */
    static String decode(String head) {
        return DECODE_PREFIX + head;
    }

    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }
}
