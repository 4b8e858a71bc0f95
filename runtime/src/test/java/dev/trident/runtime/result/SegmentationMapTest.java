package dev.trident.runtime.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trident.runtime.preprocess.InputTransform;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

class SegmentationMapTest {
    // 1280×720 letterboxed into 64×48: scale 0.05, padY 6, stride 4 → 16×12 cells; content rows 1..9
    private static final InputTransform LETTERBOX = InputTransform.letterbox(1280, 720, 64, 48);

    @BeforeAll
    static void loadOpenCv() {
        nu.pattern.OpenCV.loadLocally();
    }

    /** Padding rows (0, 10, 11) class 2; row 1 class 1; rows 2..9 class 0 left of column 8, class 1 right of it. */
    private static SegmentationMap striped() {
        SegmentationMap map = new SegmentationMap(16, 12, List.of("road", "car", "sky"), false);
        byte[] ids = map.classIds();
        for (int y = 0; y < 12; y++) {
            for (int x = 0; x < 16; x++) {
                ids[y * 16 + x] = (byte) (y == 0 || y >= 10 ? 2 : y == 1 ? 1 : x < 8 ? 0 : 1);
            }
        }
        map.onDecoded(LETTERBOX);
        return map;
    }

    @Test
    void sourcePointsMapToTheCellHoldingThem() {
        SegmentationMap map = striped();
        // source (sx, sy) → input (0.05·sx, 0.05·sy + 6) → cell (⌊·/4⌋)
        assertThat(map.classAtSource(0, 0)).isEqualTo(1);        // input (0, 6): cell (0, 1)
        assertThat(map.classAtSource(0, 39.9)).isEqualTo(1);     // input y 7.995: row 1
        assertThat(map.classAtSource(0, 40)).isEqualTo(0);       // input y 8: row 2
        assertThat(map.classAtSource(639.9, 300)).isEqualTo(0);  // input x 31.995: column 7
        assertThat(map.classAtSource(640, 300)).isEqualTo(1);    // input x 32: column 8
        assertThat(map.classAtSource(10, 679.9)).isEqualTo(0);   // row 9
        assertThat(map.classAtSource(10, 680)).isEqualTo(2);     // input y 40: row 10 (half content, half padding)
        assertThat(map.classAtSource(1279.99, 719.99)).isEqualTo(2);
        assertThat(map.classAtSource(-0.01, 100)).isEqualTo(SegmentationMap.NONE);
        assertThat(map.classAtSource(100, 720)).isEqualTo(SegmentationMap.NONE);
    }

    @Test
    void sourceResolutionMapOfALetterboxedFrameIsExact() {
        SegmentationMap map = striped();
        Mat dst = new Mat();
        Mat mask = new Mat();
        try {
            map.toSourceResolution(dst);
            assertThat(dst.rows()).isEqualTo(720);
            assertThat(dst.cols()).isEqualTo(1280);
            assertThat(dst.type()).isEqualTo(CvType.CV_8UC1);
            // pixel centre (i + 0.5, j + 0.5): column 8 starts at i = 640, row 2 at j = 40, row 10 at j = 680
            assertThat(pixel(dst, 0, 0)).isEqualTo(1);
            assertThat(pixel(dst, 1279, 39)).isEqualTo(1);
            assertThat(pixel(dst, 0, 40)).isEqualTo(0);
            assertThat(pixel(dst, 639, 40)).isEqualTo(0);
            assertThat(pixel(dst, 640, 40)).isEqualTo(1);
            assertThat(pixel(dst, 639, 679)).isEqualTo(0);
            assertThat(pixel(dst, 639, 680)).isEqualTo(2);
            assertThat(pixel(dst, 1279, 719)).isEqualTo(2);
            // whole-image counts: class 0 = rows 40..679 × columns 0..639, class 2 = rows 680..719
            assertThat(count(dst, 0, mask)).isEqualTo(640 * 640);
            assertThat(count(dst, 2, mask)).isEqualTo(40 * 1280);
            assertThat(count(dst, 1, mask)).isEqualTo(1280 * 720 - 640 * 640 - 40 * 1280);

            long address = dst.dataAddr();
            map.classIds()[5 * 16 + 3] = 1; // cell (3, 5): source columns 240..319, rows 280..359
            map.toSourceResolution(dst);
            assertThat(dst.dataAddr()).isEqualTo(address); // reused
            assertThat(pixel(dst, 240, 280)).isEqualTo(1);
            assertThat(pixel(dst, 239, 280)).isEqualTo(0);
            assertThat(pixel(dst, 319, 359)).isEqualTo(1);
            assertThat(pixel(dst, 319, 360)).isEqualTo(0);
            assertThat(count(dst, 0, mask)).isEqualTo(640 * 640 - 80 * 80);
        } finally {
            dst.release();
            mask.release();
        }
    }

    @Test
    void sourceResolutionThroughAStretchAndAWrongSizedTarget() {
        SegmentationMap map = new SegmentationMap(4, 2, List.of("a", "b"), false);
        byte[] ids = map.classIds();
        ids[0] = 1; // cell (0, 0) class 1, every other cell class 0
        for (int i = 1; i < ids.length; i++) {
            ids[i] = 0;
        }
        // a 10×6 frame stretched onto an 8×4 input, stride 2: cell (0, 0) covers source x < 2.5, y < 3
        map.onDecoded(InputTransform.stretch(10, 6, 8, 4));
        Mat dst = new Mat(3, 3, CvType.CV_32FC1);
        try {
            map.toSourceResolution(dst);
            assertThat(dst.size().width).isEqualTo(10);
            assertThat(dst.size().height).isEqualTo(6);
            byte[] px = new byte[60];
            dst.get(0, 0, px);
            for (int j = 0; j < 6; j++) {
                for (int i = 0; i < 10; i++) {
                    int expected = i <= 1 && j <= 2 ? 1 : 0; // pixel centres 0.5, 1.5 < 2.5; 0.5..2.5 < 3
                    assertThat(px[j * 10 + i]).as("pixel (%d, %d)", i, j).isEqualTo((byte) expected);
                }
            }
        } finally {
            dst.release();
        }
    }

    @Test
    void copyIsIndependentAndSourceLookupsNeedADecode() {
        SegmentationMap map = striped();
        SegmentationMap copy = map.copy();
        map.classIds()[2 * 16] = 2;
        map.onDecoded(LETTERBOX);
        assertThat(copy.classAt(0, 2)).isEqualTo(0);
        assertThat(map.classAt(0, 2)).isEqualTo(2);
        assertThat(copy.fraction(0)).isEqualTo(64 / 144.0);
        assertThat(map.fraction(0)).isEqualTo(63 / 144.0);
        assertThat(copy.transform()).isEqualTo(LETTERBOX);

        SegmentationMap fresh = new SegmentationMap(16, 12, List.of("a"), true);
        assertThat(fresh.classAt(3, 3)).isEqualTo(SegmentationMap.NONE);
        assertThat(fresh.transform()).isNull();
        assertThatThrownBy(() -> fresh.classAtSource(1, 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> fresh.classAt(16, 0)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void gridContentCellsExcludeThePadding() {
        HeadGrid g = striped().grid();
        assertThat(g.contentY0()).isEqualTo(1);
        assertThat(g.contentY1()).isEqualTo(10);
        assertThat(g.contentX0()).isZero();
        assertThat(g.contentX1()).isEqualTo(16);
        assertThat(g.contentCells()).isEqualTo(144);
        assertThat(g.cellCentreSourceY(1)).isEqualTo(0.0);   // input 6 → source 0
        assertThat(g.cellCentreSourceX(0)).isEqualTo(40.0);  // input 2 → source 40
    }

    private static int pixel(Mat m, int x, int y) {
        byte[] b = new byte[1];
        m.get(y, x, b);
        return b[0] & 0xFF;
    }

    private static int count(Mat m, int value, Mat scratch) {
        Core.compare(m, new Scalar(value), scratch, Core.CMP_EQ);
        return Core.countNonZero(scratch);
    }
}
