package org.zstar.structure;

/** Small fixed-size 3x3 and 3-vector helpers on row-major primitive arrays. */
public final class Mat3 {
    private Mat3() {
    }

    /**
     * {@return the determinant of a row-major 3x3 matrix}
     *
     * @param m the matrix
     */
    public static double det(double[] m) {
        return m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6])
                + m[2] * (m[3] * m[7] - m[4] * m[6]);
    }

    /**
     * {@return the inverse of a row-major 3x3 matrix}
     *
     * @param m the matrix, not singular
     */
    public static double[] inverse(double[] m) {
        double d = det(m);
        if (d == 0.0) {
            throw new ArithmeticException("singular 3x3 matrix");
        }
        double[] r = new double[9];
        r[0] = (m[4] * m[8] - m[5] * m[7]) / d;
        r[1] = (m[2] * m[7] - m[1] * m[8]) / d;
        r[2] = (m[1] * m[5] - m[2] * m[4]) / d;
        r[3] = (m[5] * m[6] - m[3] * m[8]) / d;
        r[4] = (m[0] * m[8] - m[2] * m[6]) / d;
        r[5] = (m[2] * m[3] - m[0] * m[5]) / d;
        r[6] = (m[3] * m[7] - m[4] * m[6]) / d;
        r[7] = (m[1] * m[6] - m[0] * m[7]) / d;
        r[8] = (m[0] * m[4] - m[1] * m[3]) / d;
        return r;
    }

    /**
     * {@return the product a b of row-major 3x3 matrices}
     *
     * @param a the left matrix
     * @param b the right matrix
     */
    public static double[] multiply(double[] a, double[] b) {
        double[] c = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                c[3 * i + j] = a[3 * i] * b[j] + a[3 * i + 1] * b[3 + j] + a[3 * i + 2] * b[6 + j];
            }
        }
        return c;
    }

    /**
     * {@return the transpose of a row-major 3x3 matrix}
     *
     * @param a the matrix
     */
    public static double[] transpose(double[] a) {
        return new double[] {a[0], a[3], a[6], a[1], a[4], a[7], a[2], a[5], a[8]};
    }

    /**
     * {@return the dot product of two 3-vectors}
     *
     * @param a the first vector
     * @param b the second vector
     */
    public static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    /**
     * {@return the trace of the row-major 3x3 matrix at offset off}
     *
     * @param m the array
     * @param off the offset of the matrix
     */
    public static double trace(double[] m, int off) {
        return m[off] + m[off + 4] + m[off + 8];
    }

    /**
     * R m R^T for row-major 3x3 matrices.
     *
     * @param r the rotation R
     * @param m the tensor
     * @return R m R^T
     */
    public static double[] rotateTensor(double[] r, double[] m) {
        return multiply(multiply(r, m), transpose(r));
    }

    /**
     * Rotation matrix about a unit axis by an angle (radians), row-major.
     *
     * @param axis the unit axis
     * @param angle the angle (radians)
     * @return the rotation matrix
     */
    public static double[] rotation(double[] axis, double angle) {
        double n = Math.sqrt(dot(axis, axis));
        double x = axis[0] / n, y = axis[1] / n, z = axis[2] / n;
        double c = Math.cos(angle), s = Math.sin(angle), t = 1 - c;
        return new double[] {
            t * x * x + c, t * x * y - s * z, t * x * z + s * y,
            t * x * y + s * z, t * y * y + c, t * y * z - s * x,
            t * x * z - s * y, t * y * z + s * x, t * z * z + c};
    }
}
