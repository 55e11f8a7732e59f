package org.zstar.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;

/**
 * {@code --threads N} of the prediction commands: the command body runs in a ForkJoinPool of N workers, so every
 * parallel stream inside it (frames, descriptor centres) runs on those N threads and no others.
 */
final class WorkerThreads {
    private WorkerThreads() {
    }

    /** N, or all processors when the option is absent; a value below 1 is the user's mistake. */
    static int count(Integer threads) {
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1) {
            throw new UsageException("--threads must be >= 1, got " + n);
        }
        return n;
    }

    /** Runs the body on a pool of {@link #count} workers and returns its result; its exceptions pass through. */
    static <T> T call(Integer threads, Callable<T> body) throws Exception {
        ForkJoinPool pool = new ForkJoinPool(count(threads));
        try {
            return pool.submit(body).get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof Exception ex) {
                throw ex;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw e;
        } finally {
            pool.shutdown();
        }
    }
}
