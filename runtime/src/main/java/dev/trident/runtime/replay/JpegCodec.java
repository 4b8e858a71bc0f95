package dev.trident.runtime.replay;

import dev.trident.runtime.TridentException;
import dev.trident.runtime.image.OpenCvNatives;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * JPEG encode/decode through OpenCV with reused buffers: the encoded bytes go through one
 * growing native buffer and one growing Java array. (OpenCV's Java {@code imdecode} returns a new
 * Mat; it is copied into the caller's reused Mat and released at once.)
 *
 * <p>Not thread-safe: one instance per thread. {@link #close()} releases the native buffers.
 */
public final class JpegCodec implements AutoCloseable {
    static {
        OpenCvNatives.load(); // before the Mat fields below are created
    }

    private final MatOfByte encoded = new MatOfByte();
    private final MatOfInt params;
    private Mat input = new Mat();
    private byte[] bytes = new byte[256 * 1024];
    private int length;

    /** @param quality JPEG quality 1..100 for {@link #encode} */
    public JpegCodec(int quality) {
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("JPEG quality must be 1..100, got " + quality);
        }
        params = new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, quality);
    }

    /** Encodes a BGR image; the bytes are {@link #bytes()}[0, {@link #length()}) until the next call. */
    public void encode(Mat bgr) {
        if (!Imgcodecs.imencode(".jpg", bgr, encoded, params)) {
            throw new TridentException("OpenCV could not JPEG-encode a " + bgr.cols() + "x" + bgr.rows() + " frame");
        }
        length = (int) encoded.total();
        if (bytes.length < length) {
            bytes = new byte[length + length / 4];
        }
        encoded.get(0, 0, bytes);
    }

    public byte[] bytes() {
        return bytes;
    }

    public int length() {
        return length;
    }

    /**
     * Decodes an encoded image (JPEG, PNG, ...) into {@code into} as 8-bit BGR.
     *
     * @throws TridentException naming {@code where} if the bytes do not decode
     */
    public void decode(byte[] data, int offset, int len, Mat into, String where) {
        if (input.cols() < len) {
            input.release();
            input = new Mat(1, len + len / 4, CvType.CV_8UC1);
        }
        input.put(0, 0, data, offset, len);
        Mat view = input.colRange(0, len);
        Mat decoded = Imgcodecs.imdecode(view, Imgcodecs.IMREAD_COLOR);
        try {
            if (decoded.empty()) {
                throw new TridentException(where + ": the image data (" + len + " bytes) does not decode as JPEG/PNG");
            }
            decoded.copyTo(into);
        } finally {
            decoded.release();
            view.release();
        }
    }

    @Override
    public void close() {
        encoded.release();
        params.release();
        input.release();
    }
}
