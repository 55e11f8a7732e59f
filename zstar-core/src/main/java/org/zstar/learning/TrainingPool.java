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

    /**
     * Starts the pool; close it when the training ends.
     *
     * @param threads worker threads, at least 1
     * @throws IllegalArgumentException when threads &lt; 1
     */
    public TrainingPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.pool = new ForkJoinPool(threads);
    }

    /**
     * The size of the pool.
     *
     * @return the number of worker threads, also the number of results {@link #forEachInOrder} keeps in flight
     */
    public int threads() {
        return threads;
    }

    /**
     * The pool as an executor, for work that the calling thread splits and waits for (e.g. the tiles of a frame's
     * normal-equation update, {@link org.zstar.linalg.GramUpdate}).
     *
     * @return the pool's executor (do not shut it down: {@link #close} does)
     */
    public java.util.concurrent.ExecutorService executor() {
        return pool;
    }

    /**
     * Runs a task inside the pool (its parallel streams use the pool) and returns its result.
     *
     * @param <T> the result type
     * @param task the work, run on a worker thread
     * @return the task's result, after waiting for it
     * @throws RuntimeException the task's own unchecked exception, rethrown as is (an Error likewise; a checked
     *     exception is wrapped in an IllegalStateException)
     */
    public <T> T call(Callable<T> task) {
        return join(pool.submit(task));
    }

    /**
     * Produces {@code produce(i)} for i = 0..n-1 in the pool, {@code threads} results in flight while the
     * consumer works, and hands each result to {@code consume} on the calling thread in index order. Memory: at
     * most threads + 1 results alive at once (the one consumed and the ones in flight).
     *
     * @param <T> the per-index result type
     * @param n number of indices
     * @param produce the work of index i, run on a worker thread (e.g. the design rows of frame i)
     * @param consume takes (result, i) on the calling thread, i increasing (e.g. the sum of the normal equations)
     * @throws RuntimeException an unchecked exception of a producer (the first met in index order) or of the
     *     consumer; the tasks still in flight are then cancelled
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
