package dev.trident.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OneDnnIsaTest {
    @TempDir
    Path dir;

    @Test
    void warnsOnlyOnAvx512WithoutTheCap() throws Exception {
        Path avx512 = Files.writeString(dir.resolve("a"), "flags\t\t: fpu sse avx2 avx512f avx512dq\n");
        Path avx2 = Files.writeString(dir.resolve("b"), "flags\t\t: fpu sse avx2 fma\n");
        assertThat(OneDnnIsa.warning(Map.of(), avx512)).get().asString()
                .startsWith("warning: ").contains("ONEDNN_MAX_CPU_ISA=AVX2");
        assertThat(OneDnnIsa.warning(Map.of("ONEDNN_MAX_CPU_ISA", "AVX2"), avx512)).isEmpty();
        assertThat(OneDnnIsa.warning(Map.of(), avx2)).isEmpty();
        assertThat(OneDnnIsa.warning(Map.of(), dir.resolve("missing"))).isEmpty();
    }
}
