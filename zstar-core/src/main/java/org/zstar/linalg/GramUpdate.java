package org.zstar.linalg;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The rank-k update of a normal matrix, {@code C += alpha A^T A} on the upper triangle, in fixed square tiles of
 * {@link #TILE} columns: the diagonal tiles by SYRK, the others by GEMM ({@code C_IJ += alpha A_I^T A_J}). The
 * tiles are independent, so they may run on several threads; they are the same tiles whatever runs them, so C is
 * the same to the last bit for any number of threads (the training's determinism, issue 13 item 6). Orders of at
 * most one tile go to one SYRK, exactly as {@link DenseBackend#syrkAtA} does.
 *
 * <p>Why: a training's normal-equation sum is consumed in frame order on one thread (so that it does not depend on
 * the thread count); one SYRK per frame there left the other cores idle for half of a default ZrO2 training.
 *
 * <p>netlib's argument checks ask for a whole leading dimension after the last row of a sub-matrix, which an offset
 * panel of a row-major array does not have. So the tiles take A's rows but the last one straight from the array,
 * and the last row as a rank-1 update of its own from a copy (n numbers); the last diagonal tile is summed in
 * scratch (at most TILE x TILE). Nothing of the size of A is copied. An instance keeps that scratch between calls;
 * use it from one thread at a time (the tiles it starts run on the executor).
 */
public final class GramUpdate {
    /** Columns per tile: large enough that each GEMM runs at the backend's full rate. */
    public static final int TILE = 512;

    private final DenseBackend backend;
    private double[] lastRow = new double[0];
    private double[] lastTile = new double[0];

    /**
     * An update with its own scratch.
     *
     * @param backend the BLAS of the tiles
     */
    public GramUpdate(DenseBackend backend) {
        this.backend = backend;
    }

    /**
     * {@code C += alpha A^T A} on the upper triangle of C, tile by tile.
     *
     * @param m rows of A (may be 0)
     * @param n columns of A = order of C
     * @param alpha the factor of A^T A
     * @param a row-major m x n, leading dimension lda, from offset aOff
     * @param aOff the offset of A in a
     * @param lda the leading dimension of A
     * @param c row-major n x n, leading dimension ldc, from offset 0
     * @param ldc the leading dimension of C
     * @param executor runs the tiles in parallel (the caller waits for all of them); null runs them in turn
     * @throws RuntimeException a tile's unchecked exception, rethrown as is
     */
    public void addAtA(int m, int n, double alpha, double[] a, int aOff, int lda, double[] c, int ldc,
            ExecutorService executor) {
        Dense.checkMatrix("gram update A", a, aOff, m, n, lda);
        Dense.checkMatrix("gram update C", c, 0, n, n, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        int blocks = (n + TILE - 1) / TILE;
        if (blocks == 1) {
            backend.syrkAtA(m, n, alpha, a, aOff, lda, c, 0, ldc);
            return;
        }
        if (lastRow.length < n) {
            lastRow = new double[n];
        }
        double[] row = lastRow;
        System.arraycopy(a, aOff + (m - 1) * lda, row, 0, n);
        int last = blocks - 1, nLast = n - last * TILE;
        if (lastTile.length < nLast * nLast) {
            lastTile = new double[nLast * nLast];
        }
        double[] t = lastTile;
        java.util.Arrays.fill(t, 0, nLast * nLast, 0.0);
        List<Callable<Void>> tiles = new ArrayList<>(blocks * (blocks + 1) / 2);
        for (int bi = 0; bi < blocks; bi++) {
            int i0 = bi * TILE, ni = Math.min(TILE, n - i0);
            for (int bj = bi; bj < blocks; bj++) {
                int j0 = bj * TILE, nj = Math.min(TILE, n - j0);
                if (bi == bj) {
                    // C_II += alpha A_I^T A_I (upper triangle of the diagonal tile; the last one in scratch)
                    double[] target = bi == last ? t : c;
                    int cOff = bi == last ? 0 : i0 * ldc + i0;
                    int ld = bi == last ? nLast : ldc;
                    tiles.add(() -> {
                        if (m > 1) {
                            backend.syrkAtA(m - 1, ni, alpha, a, aOff + i0, lda, target, cOff, ld);
                        }
                        backend.syrkAtA(1, ni, alpha, row, i0, n - i0, target, cOff, ld);
                        return null;
                    });
                } else {
                    // C_IJ += alpha A_I^T A_J, J > I (wholly in the upper triangle)
                    tiles.add(() -> {
                        if (m > 1) {
                            backend.gemm(true, false, ni, nj, m - 1, alpha, a, aOff + i0, lda, a, aOff + j0, lda, 1.0,
                                    c, i0 * ldc + j0, ldc);
                        }
                        backend.gemm(true, false, ni, nj, 1, alpha, row, i0, n - i0, row, j0, n - j0, 1.0, c,
                                i0 * ldc + j0, ldc);
                        return null;
                    });
                }
            }
        }
        run(tiles, executor);
        int o = last * TILE;
        for (int i = 0; i < nLast; i++) {
            for (int j = i; j < nLast; j++) {
                c[(o + i) * ldc + o + j] += t[i * nLast + j];
            }
        }
    }

    private static void run(List<Callable<Void>> tiles, ExecutorService executor) {
        if (executor == null) {
            for (Callable<Void> t : tiles) {
                call(t);
            }
            return;
        }
        List<Future<Void>> done;
        try {
            done = executor.invokeAll(tiles);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        for (Future<Void> f : done) {
            try {
                f.get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private static void call(Callable<Void> t) {
        try {
            t.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
