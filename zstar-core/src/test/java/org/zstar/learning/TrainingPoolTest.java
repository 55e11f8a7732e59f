package org.zstar.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TrainingPoolTest {

    @Test
    void consumesInIndexOrderWithAtMostThreadsPlusOneResultsAlive() {
        int threads = 3;
        AtomicInteger alive = new AtomicInteger();
        AtomicInteger maxAlive = new AtomicInteger();
        List<Integer> order = new ArrayList<>();
        try (TrainingPool pool = new TrainingPool(threads)) {
            pool.forEachInOrder(40, i -> {
                maxAlive.accumulateAndGet(alive.incrementAndGet(), Math::max);
                // later indices finish first, so the order has to be restored by the pool
                sleepMillis(40 - i);
                return i;
            }, (v, i) -> {
                order.add(v);
                assertEquals(i, v.intValue());
                alive.decrementAndGet();
            });
        }
        assertEquals(40, order.size());
        assertTrue(maxAlive.get() <= threads + 1, "results alive at once: " + maxAlive.get());
    }

    /** While the consumer works on result 0, all workers must be producing (1..threads), none idle. */
    @Test
    void keepsEveryWorkerBusyWhileTheConsumerWorks() throws Exception {
        int threads = 2;
        CountDownLatch started = new CountDownLatch(threads + 1); // item 0 plus the threads items after it
        boolean[] allStarted = new boolean[1];
        try (TrainingPool pool = new TrainingPool(threads)) {
            pool.forEachInOrder(6, i -> {
                started.countDown();
                return i;
            }, (v, i) -> {
                if (i == 0) {
                    try {
                        allStarted[0] = started.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
        }
        assertTrue(allStarted[0], "items 1.." + threads + " were not in flight while item 0 was consumed");
    }

    private static void sleepMillis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
