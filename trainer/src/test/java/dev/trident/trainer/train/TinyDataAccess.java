package dev.trident.trainer.train;

import java.nio.file.Path;

/** Public access to {@link TinyData} for tests in other packages. */
public final class TinyDataAccess {
    private TinyDataAccess() {
    }

    public static Path get() throws Exception {
        return TinyData.get();
    }
}
