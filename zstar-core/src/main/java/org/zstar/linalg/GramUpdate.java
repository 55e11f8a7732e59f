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
 * <p>The column panels of A are first copied into contiguous scratch (m x TILE each), and the last diagonal tile is
 * summed in scratch: netlib's argument checks ask for a whole leading dimension after the last row or column of a
 * sub-matrix, which an offset panel of a row-major matrix does not have. An instance keeps that scratch between
 * calls; use it from one thread at a time (the tiles it starts run on the executor).
 */
public final class GramUpdate {
    /** Columns per tile: large enough that each GEMM runs at the backend's full rate. */
    public static final int TILE = 512;

    private final DenseBackend backend;
    private double[] panels = new double[0];
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
        if (panels.length < m * n) {
            panels = new double[m * n];
        }
        double[] p = panels;
        // panel I: columns i0 .. i0+ni of every row, contiguous m x ni from offset m i0
        for (int bi = 0; bi < blocks; bi++) {
            int i0 = bi * TILE, ni = Math.min(TILE, n - i0);
            for (int r = 0; r < m; r++) {
                System.arraycopy(a, aOff + r * lda + i0, p, m * i0 + r * ni, ni);
            }
        }
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
                if (bi == bj && bi == last) {
                    // the last diagonal tile in scratch: T = alpha A_I^T A_I, added to C afterwards
                    tiles.add(() -> {
                        backend.syrkAtA(m, ni, alpha, p, m * i0, ni, t, 0, ni);
                        return null;
                    });
                } else if (bi == bj) {
                    // C_II += alpha A_I^T A_I (upper triangle of the diagonal tile)
                    tiles.add(() -> {
                        backend.syrkAtA(m, ni, alpha, p, m * i0, ni, c, i0 * ldc + i0, ldc);
                        return null;
                    });
                } else {
                    // C_IJ += alpha A_I^T A_J, J > I (wholly in the upper triangle)
                    tiles.add(() -> {
                        backend.gemm(true, false, ni, nj, m, alpha, p, m * i0, ni, p, m * j0, nj, 1.0, c,
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
