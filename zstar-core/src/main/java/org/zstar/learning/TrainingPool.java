package org.zstar.learning;

import java.util.ArrayDeque;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.function.IntFunction;
import java.util.function.ObjIntConsumer;

/**
 * The worker threads of one training. Every parallel loop of the training (descriptor loops included, which run
 * in the calling ForkJoinPool) runs in this pool, so {@code threads} bounds the Java work; and per-frame results
 * are consumed in frame order, so sums over frames do not depend on the number of threads.
 */
public final class TrainingPool implements AutoCloseable {
    private final ForkJoinPool pool;
    private final int threads;

    public TrainingPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.pool = new ForkJoinPool(threads);
    }

    public int threads() {
        return threads;
    }

    /** Runs a task inside the pool (its parallel streams use the pool) and returns its result. */
    public <T> T call(Callable<T> task) {
        return join(pool.submit(task));
    }

    /**
     * Produces {@code produce(i)} for i = 0..n-1 in the pool, {@code threads} results in flight while the
     * consumer works, and hands each result to {@code consume} on the calling thread in index order. Memory: at
     * most threads + 1 results alive at once (the one consumed and the ones in flight).
     */
    public <T> void forEachInOrder(int n, IntFunction<T> produce, ObjIntConsumer<T> consume) {
        ArrayDeque<ForkJoinTask<T>> inFlight = new ArrayDeque<>();
        int next = 0;
        try {
            for (int i = 0; i < n; i++) {
                while (next < n && next < i + threads) {
                    final int k = next++;
                    inFlight.add(pool.submit(() -> produce.apply(k)));
                }
                T value = join(inFlight.poll());
                // refill before consuming, so that all workers stay busy while this thread consumes
                if (next < n) {
                    final int k = next++;
                    inFlight.add(pool.submit(() -> produce.apply(k)));
                }
                consume.accept(value, i);
            }
        } finally {
            for (ForkJoinTask<T> t : inFlight) {
                t.cancel(true);
            }
        }
    }

    private static <T> T join(ForkJoinTask<T> task) {
        try {
            return task.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
