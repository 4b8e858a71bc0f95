package dev.trident.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArrivalQueueTest {

    @Test
    void takesFramesInArrivalOrder() {
        ArrivalQueue q = new ArrivalQueue(3);
        q.offer(0);
        q.offer(1);
        assertThat(q.poll()).isZero();
        assertThat(q.poll()).isEqualTo(1);
        assertThat(q.poll()).isEqualTo(-1);
        assertThat(q.dropped()).isZero();
    }

    @Test
    void aFullQueueDropsItsOldestFrame() {
        ArrivalQueue q = new ArrivalQueue(2);
        for (int i = 0; i < 5; i++) {
            q.offer(i);
        }
        assertThat(q.dropped()).isEqualTo(3);
        assertThat(q.poll()).isEqualTo(3);
        assertThat(q.poll()).isEqualTo(4);
        assertThat(q.poll()).isEqualTo(-1);
        assertThat(q.offered()).isEqualTo(5);
    }

    @Test
    void framesMustArriveInOrder() {
        ArrivalQueue q = new ArrivalQueue(2);
        q.offer(0);
        assertThatThrownBy(() -> q.offer(5)).isInstanceOf(IllegalStateException.class).hasMessageContaining("expected 1");
    }

    @Test
    void underContentionEveryFrameIsTakenOrDroppedExactlyOnce() throws InterruptedException {
        ArrivalQueue q = new ArrivalQueue(4);
        int n = 200_000;
        List<Long> taken = new ArrayList<>();
        Thread consumer = new Thread(() -> {
            while (true) {
                boolean closed = q.isClosed();
                long i = q.poll();
                if (i < 0) {
                    if (closed) {
                        return;
                    }
                    Thread.onSpinWait();
                    continue;
                }
                taken.add(i);
            }
        });
        consumer.start();
        for (long i = 0; i < n; i++) {
            q.offer(i);
        }
        q.close();
        consumer.join();
        assertThat(taken.size() + q.dropped()).isEqualTo(n);
        for (int k = 1; k < taken.size(); k++) {
            assertThat(taken.get(k)).isGreaterThan(taken.get(k - 1));
        }
        assertThat(taken.get(taken.size() - 1)).isEqualTo(n - 1); // the freshest frame is never the one dropped
    }
}
