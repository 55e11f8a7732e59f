package org.zstar.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.zstar.structure.Structure;

/**
 * The data sets shipped inside zstar-core (provenance next to each file under
 * {@code zstar-core/src/main/resources/org/zstar/data}, see docs/DATA.md): small enough for examples, tests and
 * the demo, real enough to train on.
 */
public final class BuiltInData {
    /** 60 frames of 8 water molecules per periodic box: Quantum ESPRESSO PBE energies, forces, stresses, BECs. */
    public static final String WATER8_PBE = "/org/zstar/data/water8-pbe.extxyz.gz";
    /** 66 frames of the same boxes from zstar's active learning: energies and forces (no BECs). */
    public static final String WATER8_PBE_MD = "/org/zstar/data/water8-pbe-md.extxyz.gz";

    private BuiltInData() {
    }

    /** {@return the frames of {@link #WATER8_PBE}} */
    public static List<Structure> water8Pbe() {
        return read(WATER8_PBE);
    }

    /** {@return the frames of {@link #WATER8_PBE_MD}} */
    public static List<Structure> water8PbeMd() {
        return read(WATER8_PBE_MD);
    }

    /**
     * A gzip extended-XYZ resource of the classpath, read through a temporary file.
     *
     * @param resource the classpath resource name
     * @return the frames
     */
    public static List<Structure> read(String resource) {
        try (InputStream in = BuiltInData.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("built-in data " + resource + " missing from the classpath");
            }
            Path tmp = Files.createTempFile("zstar-data-", ".extxyz.gz");
            try {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                return Readers.open(tmp, ReadOptions.DEFAULTS).readAll();
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
