package org.zstar.experiments;

import java.nio.file.Path;

/**
 * Normal-equation sums of one set of rows (one frame, a subset, the test frames) in the combined layout, the Gram
 * matrices packed by rows of their upper triangle (docs/THEORY.md (E8)): the BEC rows {@code (G, b, y^T y)} over M
 * columns, the charge rows {@code (G_q, b_q, y_q^T y_q)} over the Mq charge-block columns, and the per-species sums
 * of {@code tr(Z)/3} and atom counts (the dipole model's fixed charges, (E3)), and the sums of the reference
 * components (nRMSE denominators). Sums are additive: {@link #add}.
 */
final class PackedSums {
    final int m;
    final int mq;
    final double[] gram;
    final double[] rhs;
    final double[] chargeGram;
    final double[] chargeRhs;
    /** yy, chargeYy, rows, chargeRows, zSum, zSumSquares, zCount, then per species traceSum, count. */
    final double[] scalars;

    static final int YY = 0;
    static final int CHARGE_YY = 1;
    static final int ROWS = 2;
    static final int CHARGE_ROWS = 3;
    static final int Z_SUM = 4;
    static final int Z_SUM_SQUARES = 5;
    static final int Z_COUNT = 6;
    static final int SPECIES = 7;

    PackedSums(int m, int mq, int species) {
        this.m = m;
        this.mq = mq;
        this.gram = new double[packedSize(m)];
        this.rhs = new double[m];
        this.chargeGram = new double[packedSize(mq)];
        this.chargeRhs = new double[mq];
        this.scalars = new double[SPECIES + 2 * species];
    }

    static int packedSize(int n) {
        long p = (long) n * (n + 1) / 2;
        if (p > Integer.MAX_VALUE - 16) {
            throw new org.zstar.util.UserInputException("normal equations of " + n + " columns are too large to pack");
        }
        return (int) p;
    }

    /** Start of row i in a packed upper triangle of order n: entries (i, i..n-1). */
    static long rowStart(int i, int n) {
        return (long) i * n - (long) i * (i - 1) / 2;
    }

    /** Packs the upper triangle of a row-major n x n matrix (leading dimension n) and adds it to {@code packed}. */
    static void addUpper(double[] full, int n, double[] packed) {
        for (int i = 0; i < n; i++) {
            int src = i * n + i;
            int dst = (int) rowStart(i, n);
            for (int j = 0; j < n - i; j++) {
                packed[dst + j] += full[src + j];
            }
        }
    }

    double traceSum(int s) {
        return scalars[SPECIES + 2 * s];
    }

    double count(int s) {
        return scalars[SPECIES + 2 * s + 1];
    }

    void addSpecies(int s, double trace, double atoms) {
        scalars[SPECIES + 2 * s] += trace;
        scalars[SPECIES + 2 * s + 1] += atoms;
    }

    /** Adds another set of sums of the same layout. */
    void add(PackedSums o) {
        addArray(o.gram, gram);
        addArray(o.rhs, rhs);
        addArray(o.chargeGram, chargeGram);
        addArray(o.chargeRhs, chargeRhs);
        addArray(o.scalars, scalars);
    }

    private static void addArray(double[] src, double[] dst) {
        for (int k = 0; k < src.length; k++) {
            dst[k] += src[k];
        }
    }

    PackedSums copy() {
        PackedSums c = new PackedSums(m, mq, (scalars.length - SPECIES) / 2);
        c.add(this);
        return c;
    }

    void write(Path file) {
        DoubleFiles.write(file, arrays());
    }

    /** Adds the sums stored in {@code file} (written by {@link #write} with the same layout) to these. */
    void addFile(Path file) {
        DoubleFiles.read(file, arrays(), true);
    }

    private double[][] arrays() {
        return new double[][] {gram, rhs, chargeGram, chargeRhs, scalars};
    }
}
