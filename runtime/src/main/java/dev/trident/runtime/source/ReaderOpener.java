package dev.trident.runtime.source;

import java.util.function.BooleanSupplier;

/** Opens a fresh {@link FrameReader} session; throws {@link dev.trident.runtime.TridentException} with a clear line on failure. */
@FunctionalInterface
interface ReaderOpener {
    /**
     * @param counters where the reader counts corrupt frames
     * @param closed   true once the owning source is closed (readers that can block poll it)
     */
    FrameReader open(SourceCounters counters, BooleanSupplier closed);
}
