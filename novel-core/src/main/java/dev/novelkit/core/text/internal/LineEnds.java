package dev.novelkit.core.text.internal;

/** Line-end normalisation as Python's universal newlines: {@code \r\n} and a lone {@code \r} become {@code \n}. */
public final class LineEnds {
    private LineEnds() {
    }

    /** {@code s} from {@code from} with every {@code \r\n} and lone {@code \r} turned into {@code \n}. */
    public static String normalize(String s, int from) {
        int cr = s.indexOf('\r', from);
        if (cr < 0) {
            return from == 0 ? s : s.substring(from);
        }
        StringBuilder sb = new StringBuilder(s.length() - from);
        int i = from;
        while (cr >= 0) {
            sb.append(s, i, cr).append('\n');
            i = cr + 1;
            if (i < s.length() && s.charAt(i) == '\n') {
                i++;
            }
            cr = s.indexOf('\r', i);
        }
        return sb.append(s, i, s.length()).toString();
    }
}
