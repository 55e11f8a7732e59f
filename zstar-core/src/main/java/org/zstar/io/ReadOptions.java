package org.zstar.io;

import java.util.List;
import java.util.Map;

/**
 * Immutable options for {@link Readers}. Build with {@link #builder()}; {@link #DEFAULTS} reads with the
 * format detected from the content, BEC rows meaning the field direction, and all frames.
 *
 * @param format     explicit format, or null to detect it from the file's content and name
 * @param becRows    meaning of the rows of BEC blocks in extended XYZ and phonopy BORN files; VASP OUTCAR and
 *                   QE ph.x print a fixed, documented convention (rows = field) and ignore this option
 * @param species    species per type for files that do not name them (VASP 4 POSCAR/XDATCAR), or null
 * @param lastFrameOnly read only the last frame (e.g. the final geometry of a relaxation)
 * @param phononAsr  QE ph.x: take the effective charges "with asr applied" instead of the raw ones
 * @param lammpsTypes LAMMPS dumps without an element column: element symbol per atom type (empty otherwise)
 * @param lammpsUnits LAMMPS dumps: the unit style, which fixes the unit of the velocity columns
 */
public record ReadOptions(Format format, BecRows becRows, List<String> species, boolean lastFrameOnly,
        boolean phononAsr, Map<Integer, String> lammpsTypes, LammpsUnits lammpsUnits) {
    /** The defaults: format detected, BEC rows = field, species from the file, every frame, raw ph.x charges. */
    public static final ReadOptions DEFAULTS = builder().build();

    /**
     * Fills in the defaults of null options and copies the lists and maps.
     *
     * @param format explicit format, or null to detect it from the file's content and name
     * @param becRows meaning of the rows of BEC blocks in extended XYZ and phonopy BORN files; VASP OUTCAR and
     *     QE ph.x print a fixed, documented convention (rows = field) and ignore this option
     * @param species species per type for files that do not name them (VASP 4 POSCAR/XDATCAR), or null
     * @param lastFrameOnly read only the last frame (e.g. the final geometry of a relaxation)
     * @param phononAsr QE ph.x: take the effective charges "with asr applied" instead of the raw ones
     * @param lammpsTypes LAMMPS dumps without an element column: element symbol per atom type (empty otherwise)
     * @param lammpsUnits LAMMPS dumps: the unit style, which fixes the unit of the velocity columns
     */
    public ReadOptions {
        becRows = becRows == null ? BecRows.FIELD : becRows;
        species = species == null ? null : List.copyOf(species);
        lammpsTypes = lammpsTypes == null ? Map.of() : Map.copyOf(lammpsTypes);
        lammpsUnits = lammpsUnits == null ? LammpsUnits.METAL : lammpsUnits;
    }

    /** {@return a builder with the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder with these options} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.format = format;
        b.becRows = becRows;
        b.species = species;
        b.lastFrameOnly = lastFrameOnly;
        b.phononAsr = phononAsr;
        b.lammpsTypes = lammpsTypes;
        b.lammpsUnits = lammpsUnits;
        return b;
    }

    /** Builder of {@link ReadOptions}. */
    public static final class Builder {
        private Format format;
        private BecRows becRows = BecRows.FIELD;
        private List<String> species;
        private boolean lastFrameOnly;
        private boolean phononAsr;
        private Map<Integer, String> lammpsTypes = Map.of();
        private LammpsUnits lammpsUnits = LammpsUnits.METAL;

        private Builder() {
        }

        /**
         * Sets the format (null: detect).
         *
         * @param f the format
         * @return this builder
         */
        public Builder format(Format f) {
            this.format = f;
            return this;
        }

        /**
         * Sets the meaning of the rows of BEC blocks in extended XYZ and phonopy BORN files.
         *
         * @param r the convention
         * @return this builder
         */
        public Builder becRows(BecRows r) {
            this.becRows = r;
            return this;
        }

        /**
         * Species per type for files that do not name them (VASP 4 POSCAR/XDATCAR); null to take them from the file.
         *
         * @param s the species symbols, in the file's type order
         * @return this builder
         */
        public Builder species(List<String> s) {
            this.species = s;
            return this;
        }

        /**
         * Reads only the last frame (e.g. the final geometry of a relaxation).
         *
         * @param b whether to
         * @return this builder
         */
        public Builder lastFrameOnly(boolean b) {
            this.lastFrameOnly = b;
            return this;
        }

        /**
         * QE ph.x: takes the effective charges "with asr applied" instead of the raw ones.
         *
         * @param b whether to
         * @return this builder
         */
        public Builder phononAsr(boolean b) {
            this.phononAsr = b;
            return this;
        }

        /**
         * LAMMPS dumps without an element column: element per type, e.g. {@code {1: "O", 2: "H"}}.
         *
         * @param types type to element symbol
         * @return this builder
         */
        public Builder lammpsTypes(Map<Integer, String> types) {
            this.lammpsTypes = types;
            return this;
        }

        /**
         * Sets the units style of LAMMPS dumps (velocities).
         *
         * @param units the units style
         * @return this builder
         */
        public Builder lammpsUnits(LammpsUnits units) {
            this.lammpsUnits = units;
            return this;
        }

        /** {@return the options} */
        public ReadOptions build() {
            return new ReadOptions(format, becRows, species, lastFrameOnly, phononAsr, lammpsTypes, lammpsUnits);
        }
    }
}
