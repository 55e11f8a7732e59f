# Sourced by ./zstar, ./run-tests and .ci/run: picks the newest JDK on the machine (Temurin 25 when
# present, else 17) and the native BLAS settings.
if [ -z "${ZSTAR_JAVA_HOME:-}" ]; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk* /usr/lib/jvm/java-17-openjdk-amd64; do
    if [ -x "$candidate/bin/java" ]; then ZSTAR_JAVA_HOME="$candidate"; break; fi
  done
fi
if [ -n "${ZSTAR_JAVA_HOME:-}" ]; then export JAVA_HOME="$ZSTAR_JAVA_HOME"; fi
if [ -z "${JAVA_HOME:-}" ]; then
  JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"; export JAVA_HOME
fi
export PATH="$JAVA_HOME/bin:$PATH"
# dev.ludovic.netlib loads Debian's OpenBLAS when it is installed, else falls back to pure Java.
export ZSTAR_BLAS_ARGS="-Ddev.ludovic.netlib.blas.nativeLib=libopenblas.so.0 -Ddev.ludovic.netlib.lapack.nativeLib=libopenblas.so.0"
# Maven 3.8's bundled guava warns under JDK 25 about sun.misc.Unsafe; silence that noise.
case "$("$JAVA_HOME/bin/java" -version 2>&1 | head -1)" in
  *\"1[0-9].*|*\"2[0-2]*) ;;
  *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
esac
# JDK 22+ warns when a library (netlib's JNI) loads native code; allow it explicitly there.
case "$("$JAVA_HOME/bin/java" -version 2>&1 | head -1)" in
  *\"1[0-9].*|*\"2[0-1]*) export ZSTAR_NATIVE_ACCESS="" ;;
  *) export ZSTAR_NATIVE_ACCESS="--enable-native-access=ALL-UNNAMED" ;;
esac
# OpenBLAS picks its kernels for the CPU it runs on, unless OPENBLAS_CORETYPE names others. Some machines set that
# variable for every program: the project machine sets Haswell (AVX2) kernels on an AVX-512 CPU, which makes
# DGEMM/DSYRK 1.55x slower there (47 against 74 GFLOP/s per core; docs/PERFORMANCE.md, "Session 7"). zstar lets
# OpenBLAS detect the CPU; ZSTAR_OPENBLAS_CORETYPE chooses the kernels instead (e.g. Haswell, to reproduce a run).
if [ -n "${ZSTAR_OPENBLAS_CORETYPE:-}" ]; then
  export OPENBLAS_CORETYPE="$ZSTAR_OPENBLAS_CORETYPE"
else
  unset OPENBLAS_CORETYPE
fi
