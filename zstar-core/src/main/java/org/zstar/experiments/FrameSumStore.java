package org.zstar.experiments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.zstar.descriptors.AtomicDescriptor;
import org.zstar.learning.TrainingPool;
import org.zstar.linalg.Backends;
import org.zstar.linalg.DenseBackend;
import org.zstar.models.BecModelSpec;
import org.zstar.models.BecTrainer;
import org.zstar.models.ModelKind;
import org.zstar.models.ReferenceEnvironments;
import org.zstar.models.SharedDesign;
import org.zstar.models.TrainingOptions;
import org.zstar.structure.Structure;
import org.zstar.util.UserInputException;

/**
 * One design pass over a training pool and a test set for all three BEC models (docs/THEORY.md (E8)-(E10)): the
 * references of the combined model are selected once from the whole pool, every pool frame is designed once and
 * its normal-equation sums (packed Gram matrices of the BEC and charge rows) are written to one scratch file per
 * frame, so that any subset in any order is summed from files without descriptor work; the test frames' sums and
 * the per-atom charge and dipole designs (for the regularisation map) stay in memory.
 *
 * <p>Disk: {@code 4 M (M + 1)} bytes per pool frame (65 MB for M = 4034). Memory: one M x M buffer, the test sums
 * and the test atoms' charge and dipole rows.
 */
public final class FrameSumStore {
    final Path dir;
    final TrainingOptions options;
    final List<String> species;
    final BecModelSpec spec;
    final AtomicDescriptor scalar;
    final AtomicDescriptor vector;
    final ReferenceEnvironments refs;
    final int poolSize;
    final int m;
    final int mq;
    final PackedSums test;
    /** Per test frame: species index of each atom, charge rows (N x Mq), charge constants, dipole rows (3N x Mp). */
    final List<TestAtoms> testAtoms;
    final double testStd;
    final long testComponents;
    /** Whether the pool's frame files came from an earlier run with the same key (no design pass). */
    public final boolean reused;
    /** Seconds spent selecting the references and modulators. */
    public final double selectionSeconds;
    /** Seconds spent designing and summing the pool frames. */
    public final double poolSeconds;
    /** Seconds spent designing the test frames. */
    public final double testSeconds;

    record TestAtoms(int[] species, double[] charges, double[] chargeConstant, double[] dipoles) {
    }

    private FrameSumStore(Path dir, TrainingOptions options, List<String> species, BecModelSpec spec, AtomicDescriptor scalar,
            AtomicDescriptor vector, ReferenceEnvironments refs, int poolSize, PackedSums test, List<TestAtoms> atoms,
            double testStd, long testComponents, boolean reused, double[] seconds) {
        this.dir = dir;
        this.options = options;
        this.species = species;
        this.spec = spec;
        this.scalar = scalar;
        this.vector = vector;
        this.refs = refs;
        this.poolSize = poolSize;
        this.m = refs.columns();
        this.mq = refs.chargeBlockColumns();
        this.test = test;
        this.testAtoms = atoms;
        this.testStd = testStd;
        this.testComponents = testComponents;
        this.reused = reused;
        this.selectionSeconds = seconds[0];
        this.poolSeconds = seconds[1];
        this.testSeconds = seconds[2];
    }

    /**
     * Selects the combined model's references from the pool and writes (or, when {@code dir} already holds the
     * files of the same {@code key}, reuses) the per-frame sums; designs the test frames.
     *
     * @param options options of the combined model (feature dipoles with charge offsets)
     * @param key what the files depend on beyond the options (data files, frame indices, descriptor): a rerun with
     *     the same key and options reuses the files
     * @param progress called after each designed frame, pool then test (may be null)
     * @param pool the training pool
     * @param test the test frames
     * @param scalar the charge descriptor
     * @param vector the dipole descriptor
     * @param dir the folder of the per-frame files
     * @return the store
     */
    public static FrameSumStore build(List<Structure> pool, List<Structure> test, AtomicDescriptor scalar,
            AtomicDescriptor vector, TrainingOptions options, Path dir, String key, IntConsumer progress) {
        return build(pool, test, scalar, vector, options, dir, key, false, progress);
    }

    /**
     * As {@link #build(List, List, AtomicDescriptor, AtomicDescriptor, TrainingOptions, Path, String, IntConsumer)};
     * with {@code resume}, frame files already in {@code dir} (from an interrupted run with the same data and
     * options: files are moved into place only when complete) are kept and only the missing frames are designed.
     *
     * @param pool the training pool
     * @param test the test frames
     * @param scalar the charge descriptor
     * @param vector the dipole descriptor
     * @param options the training options of the combined model
     * @param dir the folder of the per-frame files
     * @param key the text that identifies data and options; a folder with another key is not reused
     * @param resume keep the frame files already in the folder and design only the missing ones
     * @param progress called once per designed frame (may be null)
     * @return the store
     */
    public static FrameSumStore build(List<Structure> pool, List<Structure> test, AtomicDescriptor scalar,
            AtomicDescriptor vector, TrainingOptions options, Path dir, String key, boolean resume, IntConsumer progress) {
        if (options.spec().kind() != ModelKind.COMBINED) {
            throw new IllegalArgumentException("the shared design is built from the combined model's options");
        }
        if (test.isEmpty()) {
            throw new UserInputException("the shared design needs test frames");
        }
        long t0 = System.nanoTime();
        BecTrainer.PreparedData prepared = BecTrainer.prepare(pool, options.projectAsr());
        List<String> species = prepared.species();
        int threads = Math.max(1, Math.min(options.threads(), pool.size()));
        try (TrainingPool tp = new TrainingPool(threads)) {
            ReferenceEnvironments refs = BecTrainer.selectReferences(prepared, scalar, vector, options, tp);
            SharedDesign.block(ModelKind.DIPOLE, refs); // feature dipoles only
            SharedDesign.offsetColumns(refs); // offsets needed by the dipole model's fixed charges
            double sel = (System.nanoTime() - t0) * 1e-9;
            String fullKey = key + "\noptions=" + SharedDesign.optionsKey(options) + "\ncolumns=" + refs.columns()
                    + "\ncharge_columns=" + refs.chargeBlockColumns() + "\npool=" + pool.size();
            boolean reused = complete(dir, fullKey, pool.size());
            long t1 = System.nanoTime();
            if (!reused) {
                writePool(prepared, species, options.spec(), scalar, vector, refs, dir, fullKey, resume, tp, progress);
            }
            double poolSeconds = (System.nanoTime() - t1) * 1e-9;
            long t2 = System.nanoTime();
            int ns = species.size();
            PackedSums ts = new PackedSums(refs.columns(), refs.chargeBlockColumns(), ns);
            List<TestAtoms> atoms = new ArrayList<>();
            double[] buffer = new double[refs.columns() * refs.columns()];
            org.zstar.linalg.GramUpdate gram = new org.zstar.linalg.GramUpdate(Backends.get());
            int[] done = {pool.size()};
            tp.forEachInOrder(test.size(), t -> SharedDesign.testRows(test.get(t), options.spec(), scalar, vector, refs),
                    (rows, t) -> {
                        addRows(test.get(t), rows, species, refs, ts, buffer, gram, tp.executor());
                        atoms.add(testAtoms(test.get(t), rows, species, refs));
                        if (progress != null) {
                            progress.accept(++done[0]);
                        }
                    });
            double testSeconds = (System.nanoTime() - t2) * 1e-9;
            return new FrameSumStore(dir, options, species, options.spec(), scalar, vector, refs, pool.size(), ts, atoms,
                    LearningCurve.testReferenceStd(test), (long) ts.scalars[PackedSums.ROWS], reused,
                    new double[] {sel, poolSeconds, testSeconds});
        }
    }

    private static void writePool(BecTrainer.PreparedData prepared, List<String> species, BecModelSpec spec,
            AtomicDescriptor scalar, AtomicDescriptor vector, ReferenceEnvironments refs, Path dir, String key,
            boolean resume, TrainingPool tp, IntConsumer progress) {
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(dir.resolve(MANIFEST));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dir, e);
        }
        int m = refs.columns();
        double[] buffer = new double[m * m];
        org.zstar.linalg.GramUpdate gram = new org.zstar.linalg.GramUpdate(Backends.get());
        List<Structure> frames = prepared.frames();
        List<Integer> todo = new ArrayList<>();
        for (int f = 0; f < frames.size(); f++) {
            if (!resume || !Files.isRegularFile(frameFile(dir, f))) {
                todo.add(f);
            } else if (progress != null) {
                progress.accept(f + 1);
            }
        }
        tp.forEachInOrder(todo.size(), i -> SharedDesign.trainingRows(frames.get(todo.get(i)), spec, scalar, vector, refs),
                (rows, i) -> {
                    int f = todo.get(i);
                    PackedSums ps = new PackedSums(m, refs.chargeBlockColumns(), species.size());
                    addRows(frames.get(f), rows, species, refs, ps, buffer, gram, tp.executor());
                    ps.write(frameFile(dir, f));
                    if (progress != null) {
                        progress.accept(f + 1);
                    }
                });
        // written last: a folder with a manifest holds every frame of this key (checked by complete())
        org.zstar.util.AtomicFiles.writeString(dir.resolve(MANIFEST), key);
    }

    static final String MANIFEST = "manifest.txt";

    static Path frameFile(Path dir, int f) {
        return dir.resolve(String.format(java.util.Locale.ROOT, "frame-%05d.bin", f));
    }

    private static boolean complete(Path dir, String key, int frames) {
        try {
            Path man = dir.resolve(MANIFEST);
            if (!Files.isRegularFile(man) || !Files.readString(man).equals(key)) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        for (int f = 0; f < frames; f++) {
            if (!Files.isRegularFile(frameFile(dir, f))) {
                return false;
            }
        }
        return true;
    }

    /** Adds a frame's rows (E1): SYRK of the BEC rows into the buffer, packed; GEMV; the charge rows likewise. */
    private static void addRows(Structure s, SharedDesign.Rows rows, List<String> species, ReferenceEnvironments refs,
            PackedSums ps, double[] buffer, org.zstar.linalg.GramUpdate gram, java.util.concurrent.ExecutorService tiles) {
        DenseBackend be = Backends.get();
        int n = rows.atoms();
        int m = rows.columns();
        int mq = refs.chargeBlockColumns();
        java.util.Arrays.fill(buffer, 0.0);
        gram.addAtA(9 * n, m, 1.0, rows.bec(), 0, m, buffer, m, tiles);
        PackedSums.addUpper(buffer, m, ps.gram);
        be.gemv(true, 9 * n, m, 1.0, rows.bec(), 0, m, rows.becTarget(), 0, 1.0, ps.rhs, 0);
        double yy = 0;
        for (double v : rows.becTarget()) {
            yy += v * v;
        }
        ps.scalars[PackedSums.YY] += yy;
        ps.scalars[PackedSums.ROWS] += 9 * n;
        if (mq > 0) {
            java.util.Arrays.fill(buffer, 0, mq * mq, 0.0);
            be.syrkAtA(n, mq, 1.0, rows.charges(), 0, m, buffer, mq);
            PackedSums.addUpper(buffer, mq, ps.chargeGram);
            be.gemv(true, n, mq, 1.0, rows.charges(), 0, m, rows.chargeTarget(), 0, 1.0, ps.chargeRhs, 0);
            double qq = 0;
            for (double v : rows.chargeTarget()) {
                qq += v * v;
            }
            ps.scalars[PackedSums.CHARGE_YY] += qq;
            ps.scalars[PackedSums.CHARGE_ROWS] += n;
        }
        double[] z = s.atomArrayView(Structure.BEC);
        double zs = 0, zz = 0;
        for (double v : z) {
            zs += v;
            zz += v * v;
        }
        ps.scalars[PackedSums.Z_SUM] += zs;
        ps.scalars[PackedSums.Z_SUM_SQUARES] += zz;
        ps.scalars[PackedSums.Z_COUNT] += z.length;
        for (int j = 0; j < n; j++) {
            ps.addSpecies(species.indexOf(s.symbol(j)), (z[9 * j] + z[9 * j + 4] + z[9 * j + 8]) / 3.0, 1.0);
        }
    }

    private static TestAtoms testAtoms(Structure s, SharedDesign.Rows rows, List<String> species,
            ReferenceEnvironments refs) {
        int n = rows.atoms();
        int m = rows.columns();
        int mq = refs.chargeBlockColumns();
        int mp = m - mq;
        int[] idx = new int[n];
        double[] q = new double[n * mq];
        double[] p = new double[3 * n * mp];
        for (int j = 0; j < n; j++) {
            idx[j] = species.indexOf(s.symbol(j));
            System.arraycopy(rows.charges(), j * m, q, j * mq, mq);
        }
        for (int r = 0; r < 3 * n; r++) {
            System.arraycopy(rows.dipoles(), r * m + mq, p, r * mp, mp);
        }
        return new TestAtoms(idx, q, rows.chargeConstant().clone(), p);
    }

    /** Sums of the pool frames {@code order[0..count)} added in that order. */
    PackedSums sum(int[] order, int count) {
        PackedSums s = empty();
        for (int k = 0; k < count; k++) {
            s.addFile(frameFile(dir, order[k]));
        }
        return s;
    }

    PackedSums empty() {
        return new PackedSums(m, mq, species.size());
    }

    /** {@return the number of pool frames} */
    public int poolSize() {
        return poolSize;
    }

    /** {@return the number of weight columns of the combined design} */
    public int columns() {
        return m;
    }

    /** {@return the references selected from the pool} */
    public ReferenceEnvironments references() {
        return refs;
    }

    /** {@return the species, in the order of the design's blocks} */
    public List<String> species() {
        return species;
    }

    /** Deletes the scratch files. */
    public void deleteFiles() {
        try {
            for (int f = 0; f < poolSize; f++) {
                Files.deleteIfExists(frameFile(dir, f));
            }
            Files.deleteIfExists(dir.resolve(MANIFEST));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the scratch files in " + dir, e);
        }
    }
}
