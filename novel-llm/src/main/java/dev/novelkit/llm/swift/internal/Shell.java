package dev.novelkit.llm.swift.internal;

import java.math.BigDecimal;
import java.util.Locale;

/** POSIX shell quoting and Python-friendly number text for generated command lines. */
public final class Shell {
    private Shell() {
    }

    /** Quotes {@code arg} for a POSIX shell only when needed: {@code a-b_c/d.e} stays, {@code 'a b'} gets quotes. */
    public static String quote(String arg) {
        if (arg.isEmpty()) {
            return "''";
        }
        boolean safe = true;
        for (int i = 0; i < arg.length() && safe; i++) {
            char c = arg.charAt(i);
            safe = c < 128 && (Character.isLetterOrDigit(c) || "-_./:=,@%+#".indexOf(c) >= 0);
        }
        return safe ? arg : "'" + arg.replace("'", "'\"'\"'") + "'";
    }

    /**
     * A float as Python reads it and a person writes it: {@code 3e-5}, {@code 0.03}, {@code 1.0}. Values below
     * 0.001 use the exponent form the seed uses for learning rates.
     */
    public static String decimal(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("not a finite number: " + v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        BigDecimal d = BigDecimal.valueOf(v).stripTrailingZeros();
        if (Math.abs(v) < 1e-3) {
            String mantissa = d.unscaledValue().toString();
            boolean negative = mantissa.startsWith("-");
            if (negative) {
                mantissa = mantissa.substring(1);
            }
            int exponent = mantissa.length() - 1 - d.scale();
            String m = mantissa.length() == 1 ? mantissa : mantissa.charAt(0) + "." + mantissa.substring(1);
            return (negative ? "-" : "") + m + "e" + exponent;
        }
        return d.toPlainString();
    }
}
