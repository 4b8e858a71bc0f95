package dev.trident.runtime.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

class OpenCvNativesTest {

    @Test
    void concurrentAndRepeatedLoadsAllSucceedAndNativesWork() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Double>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    OpenCvNatives.load();
                    OpenCvNatives.load();
                    Mat m = new Mat(4, 4, CvType.CV_8UC1, new org.opencv.core.Scalar(3));
                    try {
                        return Core.sumElems(m).val[0];
                    } finally {
                        m.release();
                    }
                }));
            }
            start.countDown();
            for (Future<Double> r : results) {
                assertThat(r.get(60, TimeUnit.SECONDS)).isEqualTo(48.0);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
