package org.zstar.models;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.zstar.descriptors.AtomicDescriptor;
import org.zstar.descriptors.DescriptorSet;
import org.zstar.kernels.SparseSelection;
import org.zstar.learning.FeatureSelection;
import org.zstar.learning.TrainingPool;
import org.zstar.linalg.Backends;
import org.zstar.structure.Structure;

/**
 * Picks the sparse reference environments of each species from the training frames.
 *
 * <p>Both blocks select on the unit scalar descriptor, whose kernel distance is rotation invariant (the
 * lambda = 1 features themselves rotate with the frame). Dipole references never include an environment
 * whose lambda = 1 features vanish by symmetry (raw norm below {@value #VANISHING} times the median of its
 * species): such a reference adds a column of zeros and ruins the conditioning.
 */
final class ReferenceSelector {
    static final double VANISHING = 1e-6;
    /** At most this many candidates per species enter the selection (seeded random subset beyond). */
    static final int MAX_CANDIDATES = 6000;

    private ReferenceSelector() {
    }

    private record Candidate(int frame, int atom) {
    }

    static ReferenceEnvironments select(List<Structure> frames, List<String> species, AtomicDescriptor scalar,
            AtomicDescriptor vector, boolean storeVectorScalar, TrainingOptions options, TrainingPool pool) {
        BecModelSpec spec = options.spec();
        boolean charges = spec.kind().hasCharges();
        boolean dipoles = spec.kind().hasDipoles();
        int ns = species.size();
        boolean featureDipoles = dipoles && spec.dipoleKernel() == BecModelSpec.DipoleKernel.FEATURES;
        boolean dipoleRefs = dipoles && !featureDipoles;
        boolean modulated = false;
        for (String sym : species) {
            modulated |= featureDipoles && options.dipoleModulators(sym) > 0;
        }
        if (!charges && featureDipoles && !modulated) {
            // nothing to select: dipoles linear in every lambda = 1 feature
            double[][] none = new double[ns][0];
            return new ReferenceEnvironments(species, null, 0, none, null, vector.components() / 3, false, true);
        }
        // pass 1: unit scalar descriptors (and lambda = 1 norms) of every atom, in parallel over frames
        DescriptorSet[] xs = new DescriptorSet[frames.size()];
        double[][] vnorm = new double[frames.size()][];
        describeAll(frames, scalar, dipoleRefs ? vector : null, pool, xs, vnorm);
        int fs = scalar.components();
        double[][] chargeRefs = new double[ns][];
        double[][] modulatorRefs = new double[ns][0];
        double[][] dipoleCandidatesScalar = new double[ns][];
        List<List<Candidate>> dipolePicks = new ArrayList<>();
        Random rnd = new Random(options.seed());
        for (int s = 0; s < ns; s++) {
            String sym = species.get(s);
            List<Candidate> cands = candidates(frames, sym, rnd);
            double[] rows = new double[cands.size() * fs];
            double[] norms = new double[cands.size()];
            for (int c = 0; c < cands.size(); c++) {
                Candidate cd = cands.get(c);
                System.arraycopy(xs[cd.frame].values, cd.atom * fs, rows, c * fs, fs);
                norms[c] = dipoleRefs ? vnorm[cd.frame][cd.atom] : 1.0;
            }
            if (charges) {
                chargeRefs[s] = unitPicks(rows, fs, cands.size(), options.chargeRefs(sym), options);
            }
            if (modulated && options.dipoleModulators(sym) > 0) {
                // modulators of the feature dipoles: farthest-point (or CUR) picks on the unit scalar descriptor
                modulatorRefs[s] = unitPicks(rows, fs, cands.size(), options.dipoleModulators(sym), options);
            }
            if (dipoleRefs) {
                int want = Math.min(options.dipoleRefs(sym), cands.size());
                int[] pick = pick(options.selection(), SparseSelection.Candidates.of(rows, norms, fs), want,
                        spec.zeta());
                List<Candidate> chosen = new ArrayList<>();
                for (int p : pick) {
                    chosen.add(cands.get(p));
                }
                dipolePicks.add(chosen);
                dipoleCandidatesScalar[s] = gather(rows, fs, pick);
            } else {
                dipolePicks.add(List.of());
            }
        }
        double[][] vectorRefs = null;
        int fv = 0;
        if (featureDipoles) {
            fv = vector.components() / 3;
            vectorRefs = new double[ns][0];
        } else if (dipoles) {
            fv = vector.components() / 3;
            vectorRefs = dipoleVectors(frames, vector, dipolePicks, pool);
        }
        int[][] subsets = null;
        if (modulated) {
            int[] wanted = new int[ns];
            for (int s = 0; s < ns; s++) {
                wanted[s] = options.dipoleModulators(species.get(s)) > 0 ? options.modulatedFeatures(species.get(s)) : 0;
            }
            subsets = FeatureSelection.modulatedFeatures(frames, species, vector, wanted, pool, Backends.get());
        }
        return new ReferenceEnvironments(species, charges ? chargeRefs : null, charges || modulated ? fs : 0,
                vectorRefs, dipoles && storeVectorScalar && !featureDipoles ? dipoleCandidatesScalar : null, fv,
                charges && spec.chargeOffsets(), featureDipoles, modulated ? modulatorRefs : null, subsets);
    }

    /** The rows of up to {@code count} picks among the candidates' unit scalar descriptors (all weighted alike). */
    private static double[] unitPicks(double[] rows, int fs, int candidates, int count, TrainingOptions options) {
        int want = Math.min(count, candidates);
        double[] ones = new double[candidates];
        Arrays.fill(ones, 1.0);
        int[] pick = pick(options.selection(), SparseSelection.Candidates.of(rows, ones, fs), want,
                options.spec().zeta());
        return gather(rows, fs, pick);
    }

    /** Values of the unit scalar descriptor of every frame into xs; with a vector descriptor, its norms into vnorm. */
    private static void describeAll(List<Structure> frames, AtomicDescriptor scalar, AtomicDescriptor vector,
            TrainingPool pool, DescriptorSet[] xs, double[][] vnorm) {
        boolean dipoleRefs = vector != null;
        pool.call(() -> {
            IntStream.range(0, frames.size()).parallel().forEach(f -> {
                Structure s = frames.get(f);
                xs[f] = scalar.compute(s, false);
                if (dipoleRefs) {
                    DescriptorSet v = vector.compute(s, false);
                    double[] nrm = new double[s.size()];
                    for (int i = 0; i < s.size(); i++) {
                        double t = 0;
                        for (int c = 0; c < v.components; c++) {
                            double x = v.values[i * v.components + c];
                            t += x * x;
                        }
                        nrm[i] = Math.sqrt(t);
                    }
                    vnorm[f] = nrm;
                }
            });
            return null;
        });
    }

    /** The atoms of a species over the frames, at most MAX_CANDIDATES of them (a seeded random subset, in order). */
    private static List<Candidate> candidates(List<Structure> frames, String sym, Random rnd) {
        List<Candidate> cands = new ArrayList<>();
        for (int f = 0; f < frames.size(); f++) {
            Structure st = frames.get(f);
            for (int i = 0; i < st.size(); i++) {
                if (st.symbol(i).equals(sym)) {
                    cands.add(new Candidate(f, i));
                }
            }
        }
        if (cands.size() > MAX_CANDIDATES) {
            java.util.Collections.shuffle(cands, rnd);
            cands = new ArrayList<>(cands.subList(0, MAX_CANDIDATES));
            cands.sort((a, b) -> a.frame != b.frame ? Integer.compare(a.frame, b.frame) : Integer.compare(a.atom, b.atom));
        }
        return cands;
    }

    /** Pass 2: the raw lambda = 1 descriptors of the chosen dipole references, species by species. */
    private static double[][] dipoleVectors(List<Structure> frames, AtomicDescriptor vector,
            List<List<Candidate>> dipolePicks, TrainingPool pool) {
        int ns = dipolePicks.size();
        int cv = vector.components();
        double[][] vectorRefs = new double[ns][];
        DescriptorSet[] cache = new DescriptorSet[frames.size()];
        for (int s = 0; s < ns; s++) {
            List<Candidate> chosen = dipolePicks.get(s);
            vectorRefs[s] = new double[chosen.size() * cv];
            for (int b = 0; b < chosen.size(); b++) {
                Candidate cd = chosen.get(b);
                if (cache[cd.frame] == null) {
                    cache[cd.frame] = pool.call(() -> vector.compute(frames.get(cd.frame), false));
                }
                System.arraycopy(cache[cd.frame].values, cd.atom * cv, vectorRefs[s], b * cv, cv);
            }
        }
        return vectorRefs;
    }

    /** Runs the chosen selection; candidates whose raw norm vanishes relative to the median are never picked. */
    private static int[] pick(TrainingOptions.Selection method, SparseSelection.Candidates c, int want, int zeta) {
        SparseSelection.DotKernel kernel = SparseSelection.polynomial(zeta);
        SparseSelection.Result r = method == TrainingOptions.Selection.CUR
                ? SparseSelection.cur(c, want, kernel, VANISHING, Backends.get())
                : SparseSelection.farthestPoint(c, want, kernel, VANISHING);
        return r.indices();
    }

    private static double[] gather(double[] rows, int f, int[] pick) {
        double[] out = new double[pick.length * f];
        for (int b = 0; b < pick.length; b++) {
            System.arraycopy(rows, pick[b] * f, out, b * f, f);
        }
        return out;
    }
}
