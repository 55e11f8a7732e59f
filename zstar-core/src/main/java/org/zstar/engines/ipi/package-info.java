/**
 * Coupling to MD engines through the i-PI socket protocol: {@link org.zstar.engines.ipi.IpiClient} connects to an
 * i-PI server (i-PI itself, ASE's {@code SocketIOCalculator}, zstar's Python server) and
 * {@link org.zstar.engines.ipi.IpiDriver} answers each set of positions with energy, forces, virial and, with a
 * BEC model, the dipole and Born effective charges as a JSON "extras" string. Units and layouts are in
 * docs/THEORY.md, "i-PI coupling", and docs/ENGINES.md.
 */
package org.zstar.engines.ipi;
