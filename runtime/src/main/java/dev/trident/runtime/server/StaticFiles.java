package dev.trident.runtime.server;

import dev.trident.runtime.TridentException;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/** The viewer's files, read once from the class path ({@code /viewer/}). Immutable after construction; thread-safe. */
final class StaticFiles {
    record File(byte[] bytes, String contentType) {
    }

    private static final Map<String, String> TYPES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "viewer.js", "text/javascript; charset=utf-8",
            "viewer.css", "text/css; charset=utf-8",
            "favicon.svg", "image/svg+xml");
    private final Map<String, File> files = new HashMap<>();

    StaticFiles() {
        for (Map.Entry<String, String> e : TYPES.entrySet()) {
            try (InputStream in = StaticFiles.class.getResourceAsStream("/viewer/" + e.getKey())) {
                if (in == null) {
                    throw new TridentException("the viewer file /viewer/" + e.getKey() + " is missing from the runtime jar; rebuild it");
                }
                files.put(e.getKey(), new File(in.readAllBytes(), e.getValue()));
            } catch (IOException ex) {
                throw new TridentException("cannot read the viewer file " + e.getKey() + ": " + ex.getMessage(), ex);
            }
        }
    }

    File get(String name) {
        return files.get(name);
    }
}
