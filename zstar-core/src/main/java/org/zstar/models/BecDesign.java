package org.zstar.models;

import org.zstar.descriptors.AtomicDescriptor;
import org.zstar.descriptors.DescriptorSet;
import org.zstar.descriptors.ScalarDescriptor;
import org.zstar.descriptors.VectorDescriptor;
import org.zstar.kernels.Gemm;
import org.zstar.kernels.PolynomialKernel;
import org.zstar.neighbors.NeighborList;
import org.zstar.structure.Structure;

/**
 * Builds the {@link FrameDesign} of one frame: every predicted quantity as a linear function of the weights.
 * Equations cite docs/THEORY.md, section "BEC models".
 */
final class BecDesign {
    private BecDesign() {
    }

    /**
     * @param structure the frame (positions as given; total charge Q from the frame)
     * @param speciesIndex species index (into refs.species) of every atom
     * @param scalar unit-normalised scalar descriptors with derivatives (needed for charges and the polynomial
     *     dipole kernel; else may be null)
     * @param vector raw lambda = 1 descriptors with derivatives (needed for dipoles; else may be null)
     * @param fixedCharges per species fixed charges for a model without a charge block (null otherwise)
     */
    static FrameDesign build(Structure structure, int[] speciesIndex, DescriptorSet scalar, DescriptorSet vector,
            ReferenceEnvironments refs, BecModelSpec spec, double[] fixedCharges) {
        return build(structure, speciesIndex, scalar, vector, refs, spec, fixedCharges, true);
    }

    /**
     * @param parts false for training: the dipole rows go straight into the BEC rows (the dipole columns of the
     *     other parts are zero, so the sums are the same numbers), and the dipole part, the atomic dipoles and the
     *     dipole share of the polarisation are left out (null and zero) to save two thirds of the memory
     */
    static FrameDesign build(Structure structure, int[] speciesIndex, DescriptorSet scalar, DescriptorSet vector,
            ReferenceEnvironments refs, BecModelSpec spec, double[] fixedCharges, boolean parts) {
        Work w = new Work(structure, speciesIndex, refs, spec, fixedCharges, parts);
        w.addCentres(scalar, vector, 0, structure.size());
        return w.finish();
    }

    /**
     * As {@link #build}, computing the descriptors {@code block} centres at a time
     * ({@link AtomicDescriptor#computeCentres}), so that the derivative blocks of only that many centres exist at
     * once: the memory of a frame's design no longer includes every derivative of the frame.
     */
    static FrameDesign buildInBlocks(Structure structure, int[] speciesIndex, AtomicDescriptor scalar,
            AtomicDescriptor vector, ReferenceEnvironments refs, BecModelSpec spec, double[] fixedCharges,
            boolean parts, int block) {
        Work w = new Work(structure, speciesIndex, refs, spec, fixedCharges, parts);
        int n = structure.size();
        // Feature dipoles on the production lambda = 1 descriptor stream its derivatives entry by entry into the
        // design (no derivative block of the vector descriptor is stored: it was most of the memory traffic).
        VectorDescriptor streamed = w.hasDipoles && refs.dipoleFeatures() && vector instanceof VectorDescriptor vd
                ? vd : null;
        // A linear kernel on dipole references contracts the derivatives by reverse mode, 3m outputs at once.
        VectorDescriptor contracted = w.hasDipoles && !refs.dipoleFeatures() && spec.dipoleScalarPower() == 0
                && vector instanceof VectorDescriptor vd ? vd : null;
        // Charges and modulators on the production scalar descriptor: one reverse-mode pass, no derivative block.
        boolean modulated = streamed != null && refs.hasModulators();
        ScalarDescriptor scalarStream = (w.hasCharges || modulated) && (streamed != null || !w.hasDipoles)
                && scalar instanceof UnitDescriptor u && u.inner() instanceof ScalarDescriptor sd ? sd : null;
        double cutoff = Math.max(streamed != null ? streamed.cutoff() : contracted != null ? contracted.cutoff() : 0,
                scalarStream != null ? scalarStream.cutoff() : 0);
        NeighborList nl = cutoff > 0 ? NeighborList.build(structure, cutoff) : null;
        ReferenceDipoleSink referenceSink = contracted == null ? null : new ReferenceDipoleSink(w, nl);
        ChargeStream charges = scalarStream == null ? null
                : new ChargeStream(w, nl, modulated, scalarStream.components());
        // the streamed feature dipoles with the scalar stream go target-major over the whole frame (one pass, each
        // neighbour's rows summed locally); neither stream stores derivative blocks, so no centre blocks are needed
        int step = charges != null && streamed != null ? Math.max(1, n) : block;
        for (int from = 0; from < n; from += step) {
            int to = Math.min(n, from + step);
            if (charges != null) {
                charges.block(from, to);
                scalarStream.streamContractions(structure, nl, from, to, charges);
                if (streamed != null) {
                    streamed.streamCentres(structure, nl, from, to, new FeatureDipoleSink(w, null, streamed, charges));
                }
                continue;
            }
            DescriptorSet xs = scalar == null ? null : scalar.computeCentres(structure, from, to);
            if (streamed != null) {
                w.addCharges(xs, from, to);
                streamed.streamCentres(structure, nl, from, to, new FeatureDipoleSink(w, xs, streamed));
            } else if (contracted != null) {
                w.addCharges(xs, from, to);
                contracted.streamContractions(structure, nl, from, to, referenceSink.vt, referenceSink.counts,
                        referenceSink);
            } else {
                DescriptorSet xv = vector == null ? null : vector.computeCentres(structure, from, to);
                w.addCentres(xs, xv, from, to);
            }
        }
        return w.finish();
    }

    /**
     * (M1), (M4) and the dipole modulators (D4) from one reverse-mode pass of the scalar descriptor
     * ({@link ScalarDescriptor#streamContractions}): per centre the kernel values on the unit descriptor
     * x^ = x/|x|, and as upstream gradients with respect to the raw x, {@code zeta k^(zeta-1) (x_B - x^ k)/|x|}
     * for every charge reference and modulator (k = x^ . x_B). The entry derivatives give the charge
     * redistribution rows at once; the modulators' values and derivatives are kept for the centre block, for
     * {@link FeatureDipoleSink}. Same numbers as the unit descriptor's stored derivatives, without forming them.
     */
    private static final class ChargeStream implements ScalarDescriptor.ContractionSink {
        private final Work w;
        private final NeighborList nl;
        private final boolean modulated;
        private final double[] centre = new double[3];
        private final int fs;
        private double[] unit = new double[0];
        private double[] g = new double[0];
        private double[] dots = new double[0];
        private double[] facs = new double[0];
        private double[] shifts = new double[0];
        /** Per species the feature-major table of {@link #referenceTable}, built on first use. */
        private final double[][] tables;
        private int from;
        private double[][] yBlock = new double[0][];
        private double[][] dyBlock = new double[0][];
        private int[] neBlock = new int[0];

        ChargeStream(Work w, NeighborList nl, boolean modulated, int fs) {
            this.w = w;
            this.nl = nl;
            this.modulated = modulated;
            this.fs = fs;
            this.tables = new double[w.refs.species().size()][];
            if (w.form == ChargeForm.EXACT) {
                for (int i = 0; i < w.n; i++) {
                    for (int a = 0; a < 3; a++) {
                        centre[a] += w.r[3 * i + a] / w.n;
                    }
                }
            }
        }

        /** Starts the centre block [from, to): the offsets' design columns, and room for the modulators. */
        void block(int from, int to) {
            this.from = from;
            if (yBlock.length < to - from) {
                yBlock = new double[to - from][];
                dyBlock = new double[to - from][];
                neBlock = new int[to - from];
            }
            for (int i = from; i < to; i++) {
                int s = w.speciesIndex[i];
                if (w.hasCharges && w.refs.offsetColumn(s) >= 0) {
                    w.charges[i * w.m + w.refs.offsetColumn(s)] = 1.0;
                }
                neBlock[i - from] = nl.offsets[i + 1] - nl.offsets[i];
            }
        }

        private int chargeRefs(int s) {
            return w.hasCharges ? w.refs.chargeRefs(s) : 0;
        }

        private int modulators(int s) {
            return modulated ? w.refs.modulatorRefs(s) : 0;
        }

        @Override
        public int outputs(int i) {
            int s = w.speciesIndex[i];
            return chargeRefs(s) + modulators(s);
        }

        /**
         * The charge references then the modulators of species s as one feature-major table {@code [f][c]}
         * (fs x u), built once per species and frame: the upstream gradients are then written and read
         * contiguously (the reference-major layout wrote them with a stride of u numbers).
         */
        private double[] referenceTable(int s) {
            if (tables[s] == null) {
                int mq = chargeRefs(s), mg = modulators(s), u = mq + mg;
                double[] t = new double[fs * u];
                for (int c = 0; c < u; c++) {
                    boolean charge = c < mq;
                    double[] refs = charge ? w.refs.scalar[s] : w.refs.modulators[s];
                    int ro = (charge ? c : c - mq) * fs;
                    for (int f = 0; f < fs; f++) {
                        t[f * u + c] = refs[ro + f];
                    }
                }
                tables[s] = t;
            }
            return tables[s];
        }

        @Override
        public double[] upstream(int i, double[] x) {
            int s = w.speciesIndex[i];
            int mq = chargeRefs(s), mg = modulators(s), u = mq + mg;
            double n2 = 0;
            for (int f = 0; f < fs; f++) {
                n2 += x[f] * x[f];
            }
            double inv = n2 == 0 ? 0.0 : 1.0 / Math.sqrt(n2);
            if (unit.length < fs) {
                unit = new double[fs];
            }
            for (int f = 0; f < fs; f++) {
                unit[f] = x[f] * inv;
            }
            if (g.length < fs * u) {
                g = new double[fs * u];
            }
            if (dots.length < u) {
                dots = new double[u];
                facs = new double[u];
                shifts = new double[u];
            }
            double[] t = referenceTable(s);
            // k_c = x^ . x_c for every reference and modulator at once
            java.util.Arrays.fill(dots, 0, u, 0.0);
            for (int f = 0; f < fs; f++) {
                double uf = unit[f];
                int to = f * u;
                for (int c = 0; c < u; c++) {
                    dots[c] += uf * t[to + c];
                }
            }
            double[] y = new double[mg];
            for (int c = 0; c < u; c++) {
                boolean charge = c < mq;
                int power = charge ? w.spec.zeta() : w.spec.modulatorPower();
                double dot = dots[c];
                if (charge) {
                    w.charges[i * w.m + w.refs.chargeColumn(s) + c] = Math.pow(dot, power);
                } else {
                    y[c - mq] = Math.pow(dot, power);
                }
                // d (x^ . x_B)^p / d x = p (x^ . x_B)^(p-1) (x_B - x^ (x^ . x_B)) / |x|
                facs[c] = power * Math.pow(dot, power - 1) * inv;
                shifts[c] = facs[c] * dot;
            }
            for (int f = 0; f < fs; f++) {
                double uf = unit[f];
                int to = f * u;
                for (int c = 0; c < u; c++) {
                    g[to + c] = facs[c] * t[to + c] - shifts[c] * uf;
                }
            }
            if (mg > 0) {
                yBlock[i - from] = y;
            }
            return g;
        }

        @Override
        public void entries(int i, int e0, int ne, double[] d) {
            int s = w.speciesIndex[i];
            int mq = chargeRefs(s), mg = modulators(s), u = mq + mg;
            if (mq > 0) {
                redistributeCentre(i, e0, ne, nl.neighbours, nl.vectors, d, u, mq, w.refs.chargeColumn(s), w.form,
                        w.r, centre, w.m, w.bec);
            }
            if (mg > 0) {
                double[] dy = new double[3 * ne * mg];
                for (int row = 0; row < 3 * ne; row++) {
                    System.arraycopy(d, row * u + mq, dy, row * mg, mg);
                }
                dyBlock[i - from] = dy;
            }
        }

        /** The modulator values y_g (g = 1..mg) of centre i of the current block into y[1 ..]. */
        void modulatorValues(int i, int mg, double[] y) {
            System.arraycopy(yBlock[i - from], 0, y, 1, mg);
        }

        /** The modulator derivatives of centre i, {@code [(3q + b) mg + g - 1]}. */
        double[] modulatorGradients(int i) {
            return dyBlock[i - from];
        }

        int entries(int i) {
            return neBlock[i - from];
        }
    }

    /**
     * (D1)-(D2) with a linear kernel on dipole references (T_iB = X_i X_B^T): the contractions X_i[a] . V_B[c] and
     * their entry derivatives come from {@link VectorDescriptor#streamContractions}; the same sums as
     * {@link #addReferenceDipoles} with power 0, {@code +} on the neighbour and {@code -} on the centre.
     */
    private static final class ReferenceDipoleSink implements VectorDescriptor.ContractionSink {
        private final Work w;
        private final double[] target;
        private final int[] neighbours;
        /** The entry sums of the current centre, [(a,b)][(B,c)]. */
        private double[] own = new double[0];
        /** Per species the reference rows V_B[c] transposed, [f][(B,c)]; and their number 3 m_s. */
        final double[][] vt;
        final int[] counts;

        ReferenceDipoleSink(Work w, NeighborList nl) {
            this.w = w;
            this.neighbours = nl.neighbours;
            this.target = w.dipolePart == null ? w.bec : w.dipolePart;
            int ns = w.refs.species.size();
            this.vt = new double[ns][];
            this.counts = new int[ns];
            for (int s = 0; s < ns; s++) {
                int cols = 3 * w.refs.dipoleRefs(s);
                counts[s] = cols;
                if (cols == 0) {
                    continue;
                }
                double[] v = w.refs.vector[s];
                int fv = v.length / cols;
                double[] t = new double[v.length];
                for (int c = 0; c < cols; c++) {
                    for (int f = 0; f < fv; f++) {
                        t[f * cols + c] = v[c * fv + f];
                    }
                }
                vt[s] = t;
            }
        }

        @Override
        public void centre(int i, double[] t) {
            if (w.dipoles == null) {
                return;
            }
            int cols = counts[w.speciesIndex[i]];
            int c0 = w.refs.dipoleColumn(w.speciesIndex[i]);
            for (int a = 0; a < 3; a++) {
                System.arraycopy(t, a * cols, w.dipoles, (3 * i + a) * w.m + c0, cols);
            }
        }

        @Override
        public void entries(int i, int e0, int ne, double[] d) {
            int s = w.speciesIndex[i];
            int cols = counts[s];
            int c0 = w.refs.dipoleColumn(s);
            int m = w.m;
            double[] t = target;
            if (own.length < 9 * cols) {
                own = new double[9 * cols];
            }
            java.util.Arrays.fill(own, 0, 9 * cols, 0.0);
            for (int q = 0; q < ne; q++) {
                int j = neighbours[e0 + q];
                for (int b = 0; b < 3; b++) {
                    for (int a = 0; a < 3; a++) {
                        int src = ((3 * q + b) * 3 + a) * cols;
                        int rowJ = (9 * j + 3 * a + b) * m + c0;
                        int o = (3 * a + b) * cols;
                        for (int c = 0; c < cols; c++) {
                            t[rowJ + c] += d[src + c];
                            own[o + c] += d[src + c];
                        }
                    }
                }
            }
            // the centre's own rows: minus the entry sum (translation invariance), added once
            for (int r = 0; r < 9; r++) {
                int rowI = (9 * i + r) * m + c0;
                for (int c = 0; c < cols; c++) {
                    t[rowI + c] -= own[r * cols + c];
                }
            }
        }
    }

    /**
     * (D3)-(D5) feature dipoles from streamed lambda = 1 derivatives: the same sums, in the same order, as
     * {@link #addFeatureDipoles}, one entry and direction at a time.
     */
    private static final class FeatureDipoleSink implements VectorDescriptor.EntrySink {
        private final Work w;
        private final DescriptorSet scalar;
        private final double[] target;
        /** Per neighbour species the feature ranges its derivative blocks can fill. */
        private final int[][] ranges;
        /** The scalar stream of the same centres and neighbour list, or null (modulators from scalar). */
        private final ChargeStream stream;
        private int c0;
        private int mg;
        private int width;
        private int[] sel;
        private double[] y = new double[1];
        private double[] dots = new double[0];
        private double[] dy = new double[0];
        /** X_i[a][S_s[k]] of the current centre, [a][k]; and one gathered block row. */
        private double[] xSel = new double[0];
        private double[] gathered = new double[0];
        /**
         * Target-major order (with the scalar stream, whose modulators are kept for every centre): X_i[a][S_s] of
         * every centre, the current neighbour's nine rows summed here (9 x m, zero between neighbours), and the
         * range of columns they touched.
         */
        private final boolean byTarget;
        private double[][] xSels;
        private double[] acc;
        private int accLo;
        private int accHi;
        private int current = -1;

        FeatureDipoleSink(Work w, DescriptorSet scalar, VectorDescriptor vector) {
            this(w, scalar, vector, null);
        }

        /** With {@code stream} non-null, the modulators come from it (and scalar may be null). */
        FeatureDipoleSink(Work w, DescriptorSet scalar, VectorDescriptor vector, ChargeStream stream) {
            this.w = w;
            this.scalar = scalar;
            this.stream = stream;
            int ns = vector.species().size();
            this.ranges = new int[ns][];
            for (int sp = 0; sp < ns; sp++) {
                ranges[sp] = vector.nonZeroFeatureRanges(sp);
            }
            this.target = w.dipolePart == null ? w.bec : w.dipolePart;
            this.byTarget = stream != null;
            if (byTarget) {
                xSels = new double[w.n][];
                acc = new double[9 * w.m];
            }
        }

        @Override
        public boolean targetMajor() {
            return byTarget;
        }

        @Override
        public void beginTarget(int j) {
            accLo = Integer.MAX_VALUE;
            accHi = -1;
        }

        /** Adds the neighbour's nine summed rows to its design rows once, and clears them. */
        @Override
        public void endTarget(int j) {
            if (accHi < 0) {
                return;
            }
            int m = w.m;
            double[] t = target;
            for (int r = 0; r < 9; r++) {
                int src = r * m, dst = (9 * j + r) * m;
                for (int c = accLo; c < accHi; c++) {
                    t[dst + c] += acc[src + c];
                    acc[src + c] = 0.0;
                }
            }
        }

        /** In target-major order: the state of centre i (species columns, modulators, its X_i[a][S_s]). */
        private void useCentre(int i) {
            if (i == current) {
                return;
            }
            current = i;
            int s = w.speciesIndex[i];
            c0 = w.refs.dipoleColumn(s);
            mg = w.refs.modulatorRefs(s);
            width = w.refs.modulatedWidth(s);
            sel = w.refs.modulatedFeatures[s];
            if (y.length < 1 + mg) {
                y = new double[1 + mg];
            }
            y[0] = 1.0;
            if (mg > 0) {
                stream.modulatorValues(i, mg, y);
                dy = stream.modulatorGradients(i);
            }
            xSel = xSels[i];
        }

        @Override
        public void centre(int i, double[] values) {
            int s = w.speciesIndex[i];
            c0 = w.refs.dipoleColumn(s);
            mg = w.refs.modulatorRefs(s);
            width = w.refs.modulatedWidth(s);
            sel = w.refs.modulatedFeatures[s];
            int power = w.spec.modulatorPower();
            int fv = values.length / 3;
            if (y.length < 1 + mg) {
                y = new double[1 + mg];
                dots = new double[mg];
            }
            y[0] = 1.0;
            if (mg > 0 && stream != null) {
                stream.modulatorValues(i, mg, y);
                dy = stream.modulatorGradients(i);
            } else if (mg > 0) {
                int ne = scalar.offsets[i + 1] - scalar.offsets[i];
                double[] vals = new double[mg];
                PolynomialKernel.values(scalar, i, w.refs.modulators[s], mg, power, dots, vals);
                System.arraycopy(vals, 0, y, 1, mg);
                if (dy.length < 3 * ne * mg) {
                    dy = new double[3 * ne * mg];
                }
                // dy[(3q + b) mg + g] = d y_i,g+1 / d(r_q)_b
                PolynomialKernel.gradients(scalar, i, w.refs.modulators[s], mg, power, dots, dy);
            }
            if (byTarget) {
                xSel = new double[3 * width]; // kept for the target-major pass
                current = i;
                xSels[i] = xSel;
            } else if (xSel.length < 3 * width) {
                xSel = new double[3 * width];
            }
            if (gathered.length < width) {
                gathered = new double[width];
            }
            for (int a = 0; a < 3; a++) {
                for (int k = 0; k < width; k++) {
                    xSel[a * width + k] = values[a * fv + (sel == null ? k : sel[k])];
                }
            }
            if (w.dipoles != null) {
                int m = w.m;
                for (int a = 0; a < 3; a++) {
                    int dst = (3 * i + a) * m + c0;
                    System.arraycopy(values, a * fv, w.dipoles, dst, fv);
                    for (int g = 1; g <= mg; g++) {
                        int cg = dst + fv + (g - 1) * width;
                        for (int k = 0; k < width; k++) {
                            w.dipoles[cg + k] = y[g] * values[a * fv + (sel == null ? k : sel[k])];
                        }
                    }
                }
            }
        }

        @Override
        public void entry(int i, int q, int j, int sp, int b, double[] block) {
            if (mg > 0 && stream == null && scalar.neighbours[scalar.offsets[i] + q] != j) {
                throw new IllegalStateException("dipole modulators need scalar and vector descriptors "
                        + "computed on the same neighbour list");
            }
            if (byTarget) {
                useCentre(i);
            }
            int m = w.m;
            int fv = block.length / 3;
            double[] t = byTarget ? acc : target;
            int rowBase = byTarget ? 0 : 9 * j;
            if (byTarget) {
                accLo = Math.min(accLo, c0);
                accHi = Math.max(accHi, c0 + fv + mg * width);
            }
            int[] nz = ranges[sp];
            for (int a = 0; a < 3; a++) {
                int src = a * fv;
                int rowJ = (rowBase + 3 * a + b) * m + c0;
                // only the features that involve the neighbour's species can be non-zero
                for (int k = 0; k < nz.length; k += 2) {
                    for (int f = nz[k]; f < nz[k + 1]; f++) {
                        t[rowJ + f] += block[src + f];
                    }
                }
                if (mg == 0) {
                    continue;
                }
                // the modulated subset gathered once, then one contiguous sweep per modulator
                double[] bs = gathered;
                for (int k = 0; k < width; k++) {
                    bs[k] = block[src + (sel == null ? k : sel[k])];
                }
                int xs = a * width;
                for (int g = 1; g <= mg; g++) {
                    int cg = rowJ + fv + (g - 1) * width;
                    double yg = y[g];
                    double dyg = dy[(3 * q + b) * mg + g - 1];
                    for (int k = 0; k < width; k++) {
                        t[cg + k] += yg * bs[k] + dyg * xSel[xs + k];
                    }
                }
            }
        }

        /** The centre's own rows, {@code -} the sum over its entries (translation invariance), once per centre. */
        @Override
        public void centreSum(int i, int b, double[] sum) {
            int m = w.m;
            int fv = sum.length / 3;
            int ne = mg == 0 ? 0 : stream != null ? stream.entries(i) : scalar.offsets[i + 1] - scalar.offsets[i];
            double[] t = target;
            double[] dySums = new double[mg + 1]; // sum over the entries of dy_g/d(r_q)_b, the same for every row a
            for (int g = 1; g <= mg; g++) {
                for (int q = 0; q < ne; q++) {
                    dySums[g] += dy[(3 * q + b) * mg + g - 1];
                }
            }
            for (int a = 0; a < 3; a++) {
                int src = a * fv;
                int rowI = (9 * i + 3 * a + b) * m + c0;
                for (int f = 0; f < fv; f++) {
                    t[rowI + f] -= sum[src + f];
                }
                for (int g = 1; g <= mg; g++) {
                    int cg = rowI + fv + (g - 1) * width;
                    double yg = y[g];
                    double dySum = dySums[g];
                    for (int k = 0; k < width; k++) {
                        t[cg + k] -= yg * sum[src + (sel == null ? k : sel[k])] + dySum * xSel[a * width + k];
                    }
                }
            }
        }
    }

    /** The arrays of one frame's design while its centres are added. */
    private static final class Work {
        final Structure structure;
        final int[] speciesIndex;
        final ReferenceEnvironments refs;
        final BecModelSpec spec;
        final double[] fixedCharges;
        final int n;
        final int m;
        final double[] r;
        final ChargeForm form;
        final boolean hasCharges;
        final boolean hasDipoles;
        final double[] bec;
        final double[] charges;
        final double[] dipolePart; // null: dipole rows go straight into bec
        final double[] dipoles;
        /** Kernel values k_iB = x_i . x_B of the charge references, kept for the derivative factors. */
        final double[][] kq;

        Work(Structure structure, int[] speciesIndex, ReferenceEnvironments refs, BecModelSpec spec,
                double[] fixedCharges, boolean parts) {
            this.structure = structure;
            this.speciesIndex = speciesIndex;
            this.refs = refs;
            this.spec = spec;
            this.fixedCharges = fixedCharges;
            this.n = structure.size();
            this.m = refs.columns();
            this.r = structure.positionsView();
            // EXACT on a periodic frame is the derivative of P for the positions exactly as given (unwrapped
            // positions along a trajectory); it depends on how atoms are wrapped, hence AUTO picks LOCAL there.
            this.form = spec.chargeForm().resolve(structure.isPeriodic());
            this.hasCharges = spec.kind().hasCharges();
            this.hasDipoles = spec.kind().hasDipoles();
            this.bec = new double[9 * n * m];
            this.charges = new double[n * m];
            this.dipolePart = hasDipoles && parts ? new double[9 * n * m] : null;
            this.dipoles = hasDipoles && parts ? new double[3 * n * m] : null;
            this.kq = new double[n][];
        }

        /** The contributions of centres [from, to), whose descriptor entries the sets hold. */
        void addCentres(DescriptorSet scalar, DescriptorSet vector, int from, int to) {
            addCharges(scalar, from, to);
            if (hasDipoles) {
                addDipoles(scalar, vector, speciesIndex, refs, spec, n, m, dipolePart == null ? bec : dipolePart,
                        dipoles, from, to);
            }
        }

        /** The charge contributions of centres [from, to) (none for a model without charges). */
        void addCharges(DescriptorSet scalar, int from, int to) {
            if (hasCharges) {
                chargeValues(scalar, from, to);
                addRedistribution(scalar, speciesIndex, refs, spec, form, r, n, m, kq, bec, from, to);
            }
        }

        /** (M1) raw charge design q~_i = sum_B w_B (x_i . x_B)^zeta [+ offset_s] of centres [from, to). */
        private void chargeValues(DescriptorSet scalar, int from, int to) {
            for (int i = from; i < to; i++) {
                int s = speciesIndex[i];
                int mq = refs.chargeRefs(s);
                double[] k = new double[mq];
                double[] kz = new double[mq];
                PolynomialKernel.values(scalar, i, refs.scalar[s], mq, spec.zeta(), k, kz);
                System.arraycopy(kz, 0, charges, i * m + refs.chargeColumn(s), mq);
                kq[i] = k;
                if (refs.offsetColumn(s) >= 0) {
                    charges[i * m + refs.offsetColumn(s)] = 1.0;
                }
            }
        }

        /** Neutrality, the monopole term, the polarisation and the ASR projection, once every centre is in. */
        FrameDesign finish() {
            double totalCharge = structure.totalCharge();
            double[] becConst = new double[9 * n];
            double[] chargeConst = new double[n];
            double[] pol = new double[3 * m];
            double[] polConst = new double[3];
            if (hasCharges) {
                // (M2) neutrality: q_i = q~_i - (sum_k q~_k - Q)/N, exact for every weight vector
                double[] mean = new double[m];
                for (int i = 0; i < n; i++) {
                    for (int c = 0; c < m; c++) {
                        mean[c] += charges[i * m + c];
                    }
                }
                for (int c = 0; c < m; c++) {
                    mean[c] /= n;
                }
                for (int i = 0; i < n; i++) {
                    for (int c = 0; c < m; c++) {
                        charges[i * m + c] -= mean[c];
                    }
                    chargeConst[i] = totalCharge / n;
                }
            } else if (fixedCharges != null) {
                // Dipole model: fixed per-species charges, shifted by a constant so that sum_j q_j = Q.
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    sum += fixedCharges[speciesIndex[i]];
                }
                for (int i = 0; i < n; i++) {
                    chargeConst[i] = fixedCharges[speciesIndex[i]] - (sum - totalCharge) / n;
                }
            }
            // (M3) local monopole term q_j I, and P = sum_i q_i r_i
            for (int j = 0; j < n; j++) {
                for (int a = 0; a < 3; a++) {
                    int row = 9 * j + 4 * a;
                    becConst[row] += chargeConst[j];
                    polConst[a] += chargeConst[j] * r[3 * j + a];
                    if (hasCharges) {
                        int dst = row * m;
                        int src = j * m;
                        for (int c = 0; c < m; c++) {
                            bec[dst + c] += charges[src + c];
                            pol[a * m + c] += charges[src + c] * r[3 * j + a];
                        }
                    }
                }
            }
            if (dipolePart != null) {
                for (int k = 0; k < bec.length; k++) {
                    bec[k] += dipolePart[k];
                }
                // P += sum_i p_i
                for (int i = 0; i < n; i++) {
                    for (int a = 0; a < 3; a++) {
                        int src = (3 * i + a) * m;
                        for (int c = 0; c < m; c++) {
                            pol[a * m + c] += dipoles[src + c];
                        }
                    }
                }
            }
            if (spec.projectAsr()) {
                projectAsr(bec, becConst, n, m, totalCharge);
            }
            return new FrameDesign(n, m, bec, becConst, dipolePart, charges, chargeConst, dipoles, pol, polConst);
        }
    }

    /**
     * (M5) {@code Z_j <- Z_j - (sum_k Z_k - Q I)/N} applied to the design and the constant: for each component,
     * subtract the mean over atoms. The correction lands in the redistribution part (the monopole part sums to
     * Q I and the dipole part to zero already).
     */
    private static void projectAsr(double[] bec, double[] becConst, int n, int m, double totalCharge) {
        double[] mean = new double[m];
        for (int k = 0; k < 9; k++) {
            java.util.Arrays.fill(mean, 0.0);
            double constMean = 0;
            for (int j = 0; j < n; j++) {
                int row = (9 * j + k) * m;
                for (int c = 0; c < m; c++) {
                    mean[c] += bec[row + c];
                }
                constMean += becConst[9 * j + k];
            }
            double target = (k % 4 == 0) ? totalCharge : 0.0;
            constMean = (constMean - target) / n;
            for (int c = 0; c < m; c++) {
                mean[c] /= n;
            }
            for (int j = 0; j < n; j++) {
                int row = (9 * j + k) * m;
                for (int c = 0; c < m; c++) {
                    bec[row + c] -= mean[c];
                }
                becConst[9 * j + k] -= constMean;
            }
        }
    }

    /**
     * (M4) charge redistribution. With g_e = d q~_i / d r_e for neighbour image e = (j, T) of centre i:
     * local form {@code Z_j -= r_e (x) g_e}; exact form {@code Z_j += (r_i - rbar) (x) g_e}, {@code Z_i -= (r_i - rbar) (x) g_e}.
     * {@code g_e[b][B] = zeta k_iB^(zeta-1) x_B . dx_i/d(r_e)_b} ({@link PolynomialKernel#gradients}).
     */
    private static void addRedistribution(DescriptorSet scalar, int[] speciesIndex, ReferenceEnvironments refs,
            BecModelSpec spec, ChargeForm form, double[] r, int n, int m, double[][] kq, double[] bec, int from, int to) {
        double[] centre = new double[3];
        if (form == ChargeForm.EXACT) {
            for (int i = 0; i < n; i++) {
                for (int a = 0; a < 3; a++) {
                    centre[a] += r[3 * i + a] / n;
                }
            }
        }
        double[] g = new double[0];
        for (int i = from; i < to; i++) {
            int s = speciesIndex[i];
            int mq = refs.chargeRefs(s);
            int e0 = scalar.offsets[i];
            int ne = scalar.offsets[i + 1] - e0;
            if (ne == 0 || mq == 0) {
                continue;
            }
            if (g.length < 3 * ne * mq) {
                g = new double[3 * ne * mq];
            }
            PolynomialKernel.gradients(scalar, i, refs.scalar[s], mq, spec.zeta(), kq[i], g);
            redistributeCentre(i, e0, ne, scalar.neighbours, scalar.pairVectors, g, mq, mq, refs.chargeColumn(s),
                    form, r, centre, m, bec);
        }
    }

    /**
     * (M4) of one centre: {@code Z_j[a][b] += v_a dq~_i/d(r_e)_b} for its entries e (neighbour j), with v the
     * negative pair vector (LOCAL) or r_i minus the frame centre (EXACT, which also subtracts it on the centre).
     *
     * @param g the kernel gradients, {@code dq~_i,B/d(r_e)_b} at {@code g[(3 e + b) stride + B]} for B &lt; mq
     */
    static void redistributeCentre(int i, int e0, int ne, int[] neighbours, double[] pairVectors, double[] g,
            int stride, int mq, int c0, ChargeForm form, double[] r, double[] centre, int m, double[] bec) {
        for (int e = 0; e < ne; e++) {
            int j = neighbours[e0 + e];
            double v0, v1, v2;
            if (form == ChargeForm.LOCAL) {
                v0 = -pairVectors[3 * (e0 + e)];
                v1 = -pairVectors[3 * (e0 + e) + 1];
                v2 = -pairVectors[3 * (e0 + e) + 2];
            } else {
                v0 = r[3 * i] - centre[0];
                v1 = r[3 * i + 1] - centre[1];
                v2 = r[3 * i + 2] - centre[2];
            }
            for (int b = 0; b < 3; b++) {
                int go = (3 * e + b) * stride;
                for (int a = 0; a < 3; a++) {
                    double v = a == 0 ? v0 : a == 1 ? v1 : v2;
                    int rowJ = (9 * j + 3 * a + b) * m + c0;
                    int rowI = (9 * i + 3 * a + b) * m + c0;
                    for (int bb = 0; bb < mq; bb++) {
                        double term = v * g[go + bb];
                        bec[rowJ + bb] += term;
                        if (form == ChargeForm.EXACT) {
                            bec[rowI + bb] -= term;
                        }
                    }
                }
            }
        }
    }

    /**
     * (D1) atomic dipoles {@code p_i,a = sum_{B,c} k_iB^s T_iB[a][c] w_Bc} with {@code T_iB = X_i X_B^T} and
     * s = dipoleZeta - 1 for the polynomial kernel (0 for linear); (D2) {@code Z_j += sum_i dp_i / dr_j},
     * accumulated per neighbour image: {@code +} on the neighbour, {@code -} on the centre.
     */
    private static void addDipoles(DescriptorSet scalar, DescriptorSet vector, int[] speciesIndex,
            ReferenceEnvironments refs, BecModelSpec spec, int n, int m, double[] dipolePart, double[] dipoles,
            int from, int to) {
        int power = spec.dipoleScalarPower();
        if (power > 0) {
            requireAligned(scalar, vector);
        }
        if (refs.dipoleFeatures()) {
            if (refs.hasModulators()) {
                requireAligned(scalar, vector);
            }
            addFeatureDipoles(scalar, vector, speciesIndex, refs, spec, n, m, dipolePart, dipoles, from, to);
            return;
        }
        addReferenceDipoles(scalar, vector, speciesIndex, refs, power, m, dipolePart, dipoles, from, to);
    }

    /** (D1)-(D2) with dipole references: the kernel T_iB = X_i X_B^T, times k_iB^s for the polynomial form. */
    private static void addReferenceDipoles(DescriptorSet scalar, DescriptorSet vector, int[] speciesIndex,
            ReferenceEnvironments refs, int power, int m, double[] dipolePart, double[] dipoles, int from, int to) {
        int fv = vector.features();
        int cv = vector.components; // 3 fv
        int fs = power > 0 ? scalar.components : 0;
        double[] t = new double[0];
        double[] h = new double[0];
        double[] gs = new double[0];
        for (int i = from; i < to; i++) {
            int s = speciesIndex[i];
            int mp = refs.dipoleRefs(s);
            if (mp == 0) {
                continue;
            }
            int w = 3 * mp; // columns (B,c)
            int c0 = refs.dipoleColumn(s);
            if (t.length < 3 * w) {
                t = new double[3 * w];
            }
            // T[a][(B,c)] = sum_f X_i[a][f] V_B[c][f]
            Gemm.multiplyTransposed(vector.values, i * cv, 3, fv, refs.vector[s], w, t);
            double[] kpow = new double[mp];
            double[] kder = new double[mp];
            if (power > 0) {
                for (int b = 0; b < mp; b++) {
                    double dot = 0;
                    for (int q = 0; q < fs; q++) {
                        dot += scalar.values[i * fs + q] * refs.vectorScalar[s][b * fs + q];
                    }
                    kpow[b] = Math.pow(dot, power);
                    kder[b] = power * Math.pow(dot, power - 1);
                }
            } else {
                java.util.Arrays.fill(kpow, 1.0);
            }
            for (int a = 0; dipoles != null && a < 3; a++) {
                for (int col = 0; col < w; col++) {
                    dipoles[(3 * i + a) * m + c0 + col] = kpow[col / 3] * t[a * w + col];
                }
            }
            int e0 = vector.offsets[i];
            int ne = vector.offsets[i + 1] - e0;
            if (ne == 0) {
                continue;
            }
            // H[(e,b,a)][(B,c)] = sum_f dX_i[a][f]/d(r_e)_b V_B[c][f]
            if (h.length < 9 * ne * w) {
                h = new double[9 * ne * w];
            }
            Gemm.multiplyTransposed(vector.derivatives, 3 * e0 * cv, 9 * ne, fv, refs.vector[s], w, h);
            if (power > 0) {
                if (gs.length < 3 * ne * mp) {
                    gs = new double[3 * ne * mp];
                }
                // gs[(e,b)][B] = x_B . dx_i/d(r_e)_b
                Gemm.multiplyTransposed(scalar.derivatives, 3 * e0 * fs, 3 * ne, fs, refs.vectorScalar[s], mp, gs);
            }
            for (int e = 0; e < ne; e++) {
                int j = vector.neighbours[e0 + e];
                for (int b = 0; b < 3; b++) {
                    for (int a = 0; a < 3; a++) {
                        int hRow = ((3 * e + b) * 3 + a) * w;
                        int rowJ = (9 * j + 3 * a + b) * m + c0;
                        int rowI = (9 * i + 3 * a + b) * m + c0;
                        for (int col = 0; col < w; col++) {
                            int bb = col / 3;
                            double d = kpow[bb] * h[hRow + col];
                            if (power > 0) {
                                d += kder[bb] * gs[(3 * e + b) * mp + bb] * t[a * w + col];
                            }
                            dipolePart[rowJ + col] += d;
                            dipolePart[rowI + col] -= d;
                        }
                    }
                }
            }
        }
    }

    /**
     * (D3) dipoles linear in every lambda = 1 feature, {@code p_i,a = sum_f X_i[a][f] v_{s(i),f}}: the design is the
     * descriptor itself, and the BEC rows are its derivatives, {@code +} on the neighbour and {@code -} on the centre.
     * (D4) with modulators, {@code p_i,a = sum_f X_i[a][f] v_{s,f} + sum_{g>=1} y_ig sum_{f in S_s} X_i[a][f] u_{s,g,f}},
     * {@code y_ig = (x_i . x_{M_g})^(zeta_p - 1)}, S_s all features or the subset of (D5); the derivative adds
     * {@code X_i[a][f] dy_ig/d(r_e)_b}. dipoles may be null (training needs the BEC rows only).
     */
    private static void addFeatureDipoles(DescriptorSet scalar, DescriptorSet vector, int[] speciesIndex,
            ReferenceEnvironments refs, BecModelSpec spec, int n, int m, double[] dipolePart, double[] dipoles,
            int from, int to) {
        int fv = vector.features();
        int cv = vector.components;
        int power = spec.modulatorPower();
        double[] y = new double[1];
        double[] dots = new double[0];
        double[] dy = new double[0];
        for (int i = from; i < to; i++) {
            int s = speciesIndex[i];
            int c0 = refs.dipoleColumn(s);
            int mg = refs.modulatorRefs(s);
            int width = refs.modulatedWidth(s);
            int[] sel = refs.modulatedFeatures[s];
            int e0 = vector.offsets[i];
            int ne = vector.offsets[i + 1] - e0;
            if (y.length < 1 + mg) {
                y = new double[1 + mg];
                dots = new double[mg];
            }
            y[0] = 1.0;
            if (mg > 0) {
                double[] vals = new double[mg];
                PolynomialKernel.values(scalar, i, refs.modulators[s], mg, power, dots, vals);
                System.arraycopy(vals, 0, y, 1, mg);
                if (dy.length < 3 * ne * mg) {
                    dy = new double[3 * ne * mg];
                }
                // dy[(3e + b) mg + g] = d y_i,g+1 / d(r_e)_b
                PolynomialKernel.gradients(scalar, i, refs.modulators[s], mg, power, dots, dy);
            }
            if (dipoles != null) {
                for (int a = 0; a < 3; a++) {
                    int src = i * cv + a * fv;
                    int dst = (3 * i + a) * m + c0;
                    System.arraycopy(vector.values, src, dipoles, dst, fv);
                    for (int g = 1; g <= mg; g++) {
                        int cg = dst + fv + (g - 1) * width;
                        for (int k = 0; k < width; k++) {
                            dipoles[cg + k] = y[g] * vector.values[src + (sel == null ? k : sel[k])];
                        }
                    }
                }
            }
            for (int e = 0; e < ne; e++) {
                int j = vector.neighbours[e0 + e];
                for (int b = 0; b < 3; b++) {
                    for (int a = 0; a < 3; a++) {
                        int src = (3 * (e0 + e) + b) * cv + a * fv;
                        int xsrc = i * cv + a * fv;
                        int rowJ = (9 * j + 3 * a + b) * m + c0;
                        int rowI = (9 * i + 3 * a + b) * m + c0;
                        for (int f = 0; f < fv; f++) {
                            double d = vector.derivatives[src + f];
                            dipolePart[rowJ + f] += d;
                            dipolePart[rowI + f] -= d;
                        }
                        for (int g = 1; g <= mg; g++) {
                            int cg = fv + (g - 1) * width;
                            double yg = y[g];
                            double dyg = dy[(3 * e + b) * mg + g - 1];
                            for (int k = 0; k < width; k++) {
                                int f = sel == null ? k : sel[k];
                                double d = yg * vector.derivatives[src + f] + dyg * vector.values[xsrc + f];
                                dipolePart[rowJ + cg + k] += d;
                                dipolePart[rowI + cg + k] -= d;
                            }
                        }
                    }
                }
            }
        }
    }

    private static void requireAligned(DescriptorSet scalar, DescriptorSet vector) {
        if (scalar == null || scalar.atoms != vector.atoms
                || !java.util.Arrays.equals(scalar.offsets, vector.offsets)
                || !java.util.Arrays.equals(scalar.neighbours, vector.neighbours)) {
            throw new IllegalStateException("the polynomial dipole kernel needs scalar and vector descriptors "
                    + "computed on the same neighbour list");
        }
    }
}
