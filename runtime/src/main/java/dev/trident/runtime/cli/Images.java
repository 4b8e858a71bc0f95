package dev.trident.runtime.cli;

import dev.trident.runtime.TridentException;
import dev.trident.runtime.image.OpenCvNatives;
import java.nio.file.Files;
import java.nio.file.Path;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/** Reading and writing image files for the CLIs, with clear errors. Stateless. */
final class Images {
    private Images() {
    }

    static Mat read(Path path) {
        OpenCvNatives.load();
        if (!Files.isRegularFile(path)) {
            throw new TridentException("image " + path + " does not exist; pass a JPEG or PNG file");
        }
        Mat m = Imgcodecs.imread(path.toString(), Imgcodecs.IMREAD_COLOR);
        if (m.empty()) {
            m.release();
            throw new TridentException("image " + path + " cannot be decoded; it is not a readable JPEG/PNG/BMP image");
        }
        return m;
    }

    static void write(Path path, Mat image) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (java.io.IOException e) {
            throw new TridentException("cannot create the folder for " + path + ": " + e.getMessage());
        }
        if (!Imgcodecs.imwrite(path.toString(), image)) {
            throw new TridentException("cannot write " + path + "; use a .png or .jpg name in a writable folder");
        }
    }
}
