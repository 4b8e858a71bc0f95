package dev.trident.trainer.train;

import dev.trident.trainer.data.PartialLabels;
import dev.trident.trainer.world.SyntheticDataset;
import java.nio.file.Files;
import java.nio.file.Path;

/** A tiny synthetic dataset (96×64) shared by the training tests, made once per JVM. */
final class TinyData {
    private static Path dir;

    private TinyData() {
    }

    static synchronized Path get() throws Exception {
        if (dir == null) {
            Path d = Files.createTempDirectory("trident-tiny");
            SyntheticDataset.generate(d.resolve("data"), 96, 64, 8, 5, PartialLabels.NONE, false, i -> { });
            dir = d.resolve("data");
        }
        return dir;
    }
}
