package org.zstar.linalg;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zstar.util.UserInputException;

/**
 * Chooses the dense backend: netlib by default, EJML when the system property {@code zstar.linalg=ejml}
 * is set. Netlib runs native OpenBLAS when the JVM gets
 * {@code -Ddev.ludovic.netlib.blas.nativeLib=libopenblas.so.0} (and lapack likewise) and the library is
 * installed; {@link #nativeAvailable()} tells, and the choice is logged once.
 */
public final class Backends {
    /** System property selecting the backend ("netlib" or "ejml"). */
    public static final String PROPERTY = "zstar.linalg";

    private static final Logger LOG = LoggerFactory.getLogger(Backends.class);
    private static final AtomicBoolean LOGGED = new AtomicBoolean();
    private static volatile NetlibBackend netlib;
    private static final EjmlBackend EJML = new EjmlBackend();

    private Backends() {
    }

    /** {@return the default backend (system property {@value #PROPERTY}, default netlib)} */
    public static DenseBackend get() {
        DenseBackend b = named(System.getProperty(PROPERTY, "netlib"));
        if (LOGGED.compareAndSet(false, true)) {
            LOG.info("linear algebra: {}", b.description());
        }
        return b;
    }

    /**
     * The backend of that name: "netlib" or "ejml" (case-insensitive).
     *
     * @param name the backend name
     * @return the backend
     */
    public static DenseBackend named(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "netlib":
            case "blas":
                return netlib();
            case "ejml":
            case "java":
                return EJML;
            default:
                throw new UserInputException("unknown linear algebra backend '" + name
                        + "' (expected netlib or ejml)");
        }
    }

    /** {@return whether the netlib backend runs native BLAS and LAPACK} */
    public static boolean nativeAvailable() {
        return netlib().isNative();
    }

    private static NetlibBackend netlib() {
        NetlibBackend b = netlib;
        if (b == null) {
            synchronized (Backends.class) {
                if (netlib == null) {
                    netlib = new NetlibBackend();
                }
                b = netlib;
            }
        }
        return b;
    }
}
