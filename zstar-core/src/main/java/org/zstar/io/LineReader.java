package org.zstar.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;

/**
 * Line-by-line access to a text file with the 1-based number of the line last read, and number parsing
 * that reports malformed or non-finite values as {@link InputFormatException}s naming file and line.
 */
public final class LineReader implements AutoCloseable {
    private final BufferedReader in;
    private final String source;
    private long lineNumber;
    private String pushedBack;

    /**
     * A reader of a (possibly gzip-compressed) file.
     *
     * @param path the file
     */
    public LineReader(Path path) {
        this(InputFiles.reader(path), path.toString());
    }

    /**
     * A reader of a character stream.
     *
     * @param reader the characters
     * @param source the name of the source, for messages
     */
    public LineReader(Reader reader, String source) {
        this(reader, source, 0);
    }

    /**
     * A reader on part of {@code source} after its first {@code linesBefore} lines (errors name whole-file lines).
     *
     * @param reader the characters after the skipped lines
     * @param source the name of the source, for messages
     * @param linesBefore the number of lines of source before the first character of reader
     */
    public LineReader(Reader reader, String source, long linesBefore) {
        this.in = reader instanceof BufferedReader b ? b : new BufferedReader(reader, 1 << 16);
        this.source = source;
        this.lineNumber = linesBefore;
    }

    /** {@return the name of the source, for messages} */
    public String source() {
        return source;
    }

    /** {@return 1-based number of the line last returned by {@link #next()} (0 before the first)} */
    public long line() {
        return lineNumber;
    }

    /** {@return the next line, or null at the end of the file} */
    public String next() {
        if (pushedBack != null) {
            String s = pushedBack;
            pushedBack = null;
            lineNumber++;
            return s;
        }
        try {
            String s = in.readLine();
            if (s != null) {
                lineNumber++;
            }
            return s;
        } catch (IOException e) {
            throw new InputFormatException(source, lineNumber + 1, "cannot read: " + e.getMessage());
        }
    }

    /**
     * The next line; a truncation error naming what was expected at the end of the file.
     *
     * @param expected what the caller expected, for the message
     * @return the line
     */
    public String require(String expected) {
        String s = next();
        if (s == null) {
            throw new InputFormatException(source, lineNumber + 1, "unexpected end of file, expected " + expected);
        }
        return s;
    }

    /**
     * Gives the line last read back, so that the next call of {@link #next()} returns it again.
     *
     * @param line the line last returned by {@link #next()}
     */
    public void pushBack(String line) {
        if (pushedBack != null) {
            throw new IllegalStateException("only one line can be pushed back");
        }
        pushedBack = line;
        lineNumber--;
    }

    /** {@return the next line that is not blank, or null at the end} */
    public String nextNonBlank() {
        String s;
        while ((s = next()) != null) {
            if (!s.isBlank()) {
                return s;
            }
        }
        return null;
    }

    /**
     * An error at the current line.
     *
     * @param message what is wrong
     * @return the exception, to be thrown by the caller
     */
    public InputFormatException error(String message) {
        return new InputFormatException(source, lineNumber, message);
    }

    /**
     * An error at a given line.
     *
     * @param line the 1-based line number
     * @param message what is wrong
     * @return the exception, to be thrown by the caller
     */
    public InputFormatException error(long line, String message) {
        return new InputFormatException(source, line, message);
    }

    /**
     * Parses a finite number of the current line (Fortran 'D' exponents accepted).
     *
     * @param token the text of the number
     * @param what what the number is, for the message
     * @return the value
     */
    public double number(String token, String what) {
        return parseNumber(token, what, source, lineNumber);
    }

    /**
     * Parses an integer of the current line.
     *
     * @param token the text of the integer
     * @param what what the integer is, for the message
     * @return the value
     */
    public int integer(String token, String what) {
        try {
            return Integer.parseInt(token.trim());
        } catch (NumberFormatException e) {
            throw error("expected an integer for " + what + ", got '" + token + "'");
        }
    }

    /**
     * Whitespace-separated tokens of a line.
     *
     * @param line the line
     * @return the tokens (none for a blank line)
     */
    public static String[] tokens(String line) {
        String t = line.trim();
        return t.isEmpty() ? new String[0] : t.split("\\s+");
    }

    /**
     * The first n tokens of the current line as finite numbers, starting at token index from.
     *
     * @param tokens the tokens of the current line
     * @param from the index of the first token
     * @param n the number of tokens to read
     * @param what what the numbers are, for the message
     * @return the n values
     */
    public double[] numbers(String[] tokens, int from, int n, String what) {
        if (tokens.length < from + n) {
            throw error("expected " + n + " numbers for " + what + ", found " + Math.max(0, tokens.length - from));
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = number(tokens[from + i], what);
        }
        return out;
    }

    /**
     * Parses a finite number (Fortran 'D' exponents accepted).
     *
     * @param token the text of the number
     * @param what what the number is, for the message
     * @param source the file, for the message
     * @param line the 1-based line number, for the message
     * @return the value
     * @throws InputFormatException when the token is not a finite number
     */
    public static double parseNumber(String token, String what, String source, long line) {
        String t = token.trim();
        double v;
        try {
            v = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            try {
                v = Double.parseDouble(t.replace('D', 'E').replace('d', 'e'));
            } catch (NumberFormatException e2) {
                throw new InputFormatException(source, line, "expected a number for " + what + ", got '" + token + "'");
            }
        }
        if (!Double.isFinite(v)) {
            throw new InputFormatException(source, line, "non-finite value '" + token + "' for " + what);
        }
        return v;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // closing a read-only file: nothing to recover
        }
    }
}
