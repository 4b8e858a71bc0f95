package dev.trident.runtime.mcap;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the official TypeScript MCAP reader ({@code @mcap/core}, pinned) over a file: installs it
 * with npm once into {@code target/mcap-node} (kept between runs), then runs
 * {@code src/test/resources/mcap/read-mcap.mjs} with node. Fails the calling test, never skips,
 * when node or npm is missing.
 */
public final class McapJs {
    static final String PACKAGE = "@mcap/core@2.2.2";
    private static final Path DIR = Path.of("target", "mcap-node");

    private McapJs() {
    }

    /** What @mcap/core read from {@code file} (see read-mcap.mjs for the fields). */
    public static synchronized JsonNode read(Path file) throws Exception {
        install();
        String out = run(DIR, 120, "node", "read-mcap.mjs", file.toAbsolutePath().toString());
        return new ObjectMapper().readTree(out);
    }

    /** Only the streaming reader (for a file without a summary, which the indexed reader refuses). */
    public static synchronized JsonNode readStreamOnly(Path file) throws Exception {
        install();
        String out = run(DIR, 120, "node", "read-mcap.mjs", file.toAbsolutePath().toString(), "--stream-only");
        return new ObjectMapper().readTree(out);
    }

    private static void install() throws Exception {
        Files.createDirectories(DIR);
        try (InputStream script = McapJs.class.getResourceAsStream("/mcap/read-mcap.mjs")) {
            Files.copy(script, DIR.resolve("read-mcap.mjs"), StandardCopyOption.REPLACE_EXISTING);
        }
        Path installed = DIR.resolve("node_modules/@mcap/core/package.json");
        if (Files.isRegularFile(installed) && Files.readString(installed).contains("\"version\": \"2.2.2\"")) {
            return;
        }
        Files.writeString(DIR.resolve("package.json"), "{\"name\":\"trident-mcap-interop\",\"private\":true,\"type\":\"module\"}\n");
        run(DIR, 300, "npm", "install", "--no-audit", "--no-fund", "--no-save", "--loglevel=error", PACKAGE);
    }

    private static String run(Path dir, int timeoutSeconds, String... command) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(false).start();
        } catch (IOException e) {
            fail("the MCAP interoperability check needs " + command[0] + " (Node.js 18+ and npm) on the PATH: " + e.getMessage()
                    + " — install them (apt-get install nodejs npm); .ci/run does this on CI");
            throw e;
        }
        var stdout = p.getInputStream();
        var stderr = p.getErrorStream();
        var outF = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(stdout));
        var errF = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(stderr));
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
        }
        String out = outF.get();
        String err = errF.get();
        if (p.exitValue() != 0) {
            fail(String.join(" ", command) + " failed with exit code " + p.exitValue() + ":\n" + err + out);
        }
        return out;
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
