package dev.peerlife.wire;

import java.util.Optional;

/**
 * What a player id may be, and how text a peer chose is made safe to print. A player id names a
 * session in logs, tables and events, so it must read as what it is: 1 to 64 characters, no control
 * or format characters (newlines, ANSI escapes, NUL, bidirectional overrides, zero-width marks),
 * no whitespace but inner spaces, and nothing shaped like a transport's connection id
 * ({@code tcp:/127.0.0.1:1#1}, {@code token:...}), which the server itself prints beside player ids.
 * See docs/identity-and-reconnect.md.
 */
public final class PlayerIds {

    /** The longest player id, in characters (code points). */
    public static final int MAX_LENGTH = 64;

    private PlayerIds() {
    }

    /** Why {@code id} cannot be a player id, or empty when it can. */
    public static Optional<String> problem(String id) {
        if (id == null || id.isEmpty()) {
            return Optional.of("empty player id");
        }
        int length = id.codePointCount(0, id.length());
        if (length > MAX_LENGTH) {
            return Optional.of("player id longer than " + MAX_LENGTH + " characters");
        }
        if (id.charAt(0) == ' ' || id.charAt(id.length() - 1) == ' ') {
            return Optional.of("player id starts or ends with a space");
        }
        for (int i = 0; i < id.length(); ) {
            int cp = id.codePointAt(i);
            if (!isPrintable(cp)) {
                return Optional.of(String.format("player id contains the character U+%04X", cp));
            }
            i += Character.charCount(cp);
        }
        if (looksLikeConnectionId(id)) {
            return Optional.of("player id looks like a connection id (scheme:...)");
        }
        return Optional.empty();
    }

    /**
     * {@code text} as one printable line of at most {@code maxChars} characters: every character a
     * player id may not contain is written as an escape ({@code \n}, {@code \u001B}), a backslash as
     * {@code \\}, and a longer text is cut with "...". For logging anything a peer chose.
     */
    public static String printable(String text, int maxChars) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxChars) + 8);
        int written = 0;
        for (int i = 0; i < text.length(); ) {
            if (written >= maxChars) {
                out.append("...");
                break;
            }
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            written++;
            if (cp == '\\') {
                out.append("\\\\");
            } else if (cp == '\n') {
                out.append("\\n");
            } else if (cp == '\r') {
                out.append("\\r");
            } else if (cp == '\t') {
                out.append("\\t");
            } else if (isPrintable(cp)) {
                out.appendCodePoint(cp);
            } else {
                out.append(String.format("\\u%04X", cp));
            }
        }
        return out.toString();
    }

    /** {@link #printable(String, int)} with room for any valid player id. */
    public static String printable(String text) {
        return printable(text, 200);
    }

    private static boolean isPrintable(int cp) {
        if (cp == ' ') {
            return true;
        }
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
            return false;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SURROGATE, Character.UNASSIGNED, Character.PRIVATE_USE -> false;
            default -> true;
        };
    }

    private static boolean looksLikeConnectionId(String id) {
        int colon = id.indexOf(':');
        if (colon < 1) {
            return false;
        }
        for (int i = 0; i < colon; i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '.' || c == '-'));
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
