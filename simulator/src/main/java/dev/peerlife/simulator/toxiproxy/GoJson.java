package dev.peerlife.simulator.toxiproxy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Request bodies read the way Toxiproxy's Go server reads them, so that the embedded server accepts
 * and refuses the same bodies with the same messages: only the first JSON value counts (trailing
 * text is ignored), keys match struct fields exactly or else case-insensitively, the last of
 * duplicate keys wins, {@code null} leaves a field unchanged, and a value of the wrong JSON type (a
 * string or a fraction where an integer is expected) is refused with Go's
 * {@code json: cannot unmarshal ...} text. Syntax errors name the first offending character as Go
 * does for the common cases; rarer ones carry the parser's own message.
 */
final class GoJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private GoJson() {
    }

    /** A body that is not JSON; the message follows Go's decoder ("EOF", "invalid character ..."). */
    static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;

        SyntaxError(String message) {
            super(message);
        }
    }

    /** A value of the wrong JSON type for its field, with Go's message. */
    static final class TypeError extends Exception {
        private static final long serialVersionUID = 1L;

        TypeError(String message) {
            super(message);
        }
    }

    /** One parsed JSON value; numbers keep their literal text for error messages. */
    sealed interface Value permits Obj, Arr, Str, Num, Bool, Null {
        /** Go's word for the JSON kind in "cannot unmarshal KIND into ...". */
        String kind();
    }

    /** An object; keys in document order, duplicates kept (the last one wins when decoding). */
    record Obj(List<String> keys, List<Value> values) implements Value {
        public String kind() {
            return "object";
        }

        /**
         * The value for a struct field named {@code field}, as Go's decoder would assign it: every key
         * that matches it exactly or case-insensitively is assigned in order, so the last one wins.
         */
        Value field(String field) {
            Value found = null;
            for (int i = 0; i < keys.size(); i++) {
                if (keys.get(i).equalsIgnoreCase(field)) {
                    found = values.get(i);
                }
            }
            return found;
        }
    }

    record Arr(List<Value> items) implements Value {
        public String kind() {
            return "array";
        }
    }

    record Str(String text) implements Value {
        public String kind() {
            return "string";
        }
    }

    record Num(String literal) implements Value {
        public String kind() {
            return "number";
        }
    }

    record Bool(boolean value) implements Value {
        public String kind() {
            return "bool";
        }
    }

    record Null() implements Value {
        public String kind() {
            return "null";
        }
    }

    /** Parses the first JSON value of {@code body}. */
    static Value parse(String body) throws SyntaxError {
        new Scanner(body).value();
        try (JsonParser p = FACTORY.createParser(body)) {
            return value(p, p.nextToken());
        } catch (IOException e) {
            throw new SyntaxError(String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
    }

    /**
     * Checks the syntax of the first value the way Go's scanner does, so that a malformed body is
     * refused with Go's words: "invalid character 'o' in literal null (expecting 'u')",
     * "unexpected EOF", and so on.
     */
    private static final class Scanner {
        private final String s;
        private int i;

        Scanner(String s) {
            this.s = s;
        }

        void value() throws SyntaxError {
            skipSpace();
            if (i >= s.length()) {
                throw new SyntaxError(i == 0 || s.isBlank() ? "EOF" : "unexpected EOF");
            }
            char c = s.charAt(i);
            switch (c) {
                case '{' -> object();
                case '[' -> array();
                case '"' -> string();
                case 't' -> literal("true");
                case 'f' -> literal("false");
                case 'n' -> literal("null");
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        number();
                    } else {
                        throw invalid(c, "looking for beginning of value");
                    }
                }
            }
        }

        private void object() throws SyntaxError {
            i++;
            skipSpace();
            if (peek() == '}') {
                i++;
                return;
            }
            while (true) {
                if (peek() != '"') {
                    throw invalid(peek(), "looking for beginning of object key string");
                }
                string();
                skipSpace();
                if (peek() != ':') {
                    throw invalid(peek(), "after object key");
                }
                i++;
                value();
                skipSpace();
                char c = peek();
                if (c == ',') {
                    i++;
                    skipSpace();
                } else if (c == '}') {
                    i++;
                    return;
                } else {
                    throw invalid(c, "after object key:value pair");
                }
            }
        }

        private void array() throws SyntaxError {
            i++;
            skipSpace();
            if (peek() == ']') {
                i++;
                return;
            }
            while (true) {
                value();
                skipSpace();
                char c = peek();
                if (c == ',') {
                    i++;
                } else if (c == ']') {
                    i++;
                    return;
                } else {
                    throw invalid(c, "after array element");
                }
            }
        }

        private void string() throws SyntaxError {
            i++;
            while (true) {
                char c = peek();
                i++;
                if (c == '"') {
                    return;
                }
                if (c == '\\') {
                    char e = peek();
                    i++;
                    if (e == 'u') {
                        for (int k = 0; k < 4; k++) {
                            char h = peek();
                            i++;
                            if (Character.digit(h, 16) < 0) {
                                throw invalid(h, "in \\u hexadecimal character escape");
                            }
                        }
                    } else if ("\"\\/bfnrt".indexOf(e) < 0) {
                        throw invalid(e, "in string escape code");
                    }
                } else if (c < 0x20) {
                    throw invalid(c, "in string literal");
                }
            }
        }

        private void number() throws SyntaxError {
            if (peek() == '-') {
                i++;
                if (!digit(peek())) {
                    throw invalid(peek(), "in numeric literal");
                }
            }
            if (peek() == '0') {
                i++;
            } else {
                while (i < s.length() && digit(s.charAt(i))) {
                    i++;
                }
            }
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                if (!digit(peek())) {
                    throw invalid(peek(), "after decimal point in numeric literal");
                }
                while (i < s.length() && digit(s.charAt(i))) {
                    i++;
                }
            }
            if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
                i++;
                if (peek() == '+' || peek() == '-') {
                    i++;
                }
                if (!digit(peek())) {
                    throw invalid(peek(), "in exponent of numeric literal");
                }
                while (i < s.length() && digit(s.charAt(i))) {
                    i++;
                }
            }
        }

        private void literal(String word) throws SyntaxError {
            for (int k = 0; k < word.length(); k++) {
                char c = peek();
                if (c != word.charAt(k)) {
                    throw invalid(c, "in literal " + word + " (expecting " + quoted(word.charAt(k)) + ")");
                }
                i++;
            }
        }

        private static boolean digit(char c) {
            return c >= '0' && c <= '9';
        }

        /** The next character; running out of input inside a value is Go's "unexpected EOF". */
        private char peek() throws SyntaxError {
            if (i >= s.length()) {
                throw new SyntaxError("unexpected EOF");
            }
            return s.charAt(i);
        }

        private void skipSpace() {
            while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
        }

        private static SyntaxError invalid(char c, String context) {
            return new SyntaxError("invalid character " + quoted(c) + " " + context);
        }
    }

    private static String quoted(char c) {
        return switch (c) {
            case '\'' -> "'\\''";
            case '\n' -> "'\\n'";
            case '\r' -> "'\\r'";
            case '\t' -> "'\\t'";
            default -> c < 0x20 ? String.format("'\\x%02x'", (int) c) : "'" + c + "'";
        };
    }

    private static Value value(JsonParser p, JsonToken t) throws IOException {
        if (t == null) {
            throw new IOException("unexpected EOF");
        }
        switch (t) {
            case START_OBJECT -> {
                List<String> keys = new ArrayList<>();
                List<Value> values = new ArrayList<>();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    if (k == null) {
                        throw new IOException("unexpected EOF");
                    }
                    keys.add(p.currentName());
                    values.add(value(p, p.nextToken()));
                }
                return new Obj(keys, values);
            }
            case START_ARRAY -> {
                List<Value> items = new ArrayList<>();
                for (JsonToken i = p.nextToken(); i != JsonToken.END_ARRAY; i = p.nextToken()) {
                    items.add(value(p, i));
                }
                return new Arr(items);
            }
            case VALUE_STRING -> {
                return new Str(p.getText());
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return new Num(p.getText());
            }
            case VALUE_TRUE -> {
                return new Bool(true);
            }
            case VALUE_FALSE -> {
                return new Bool(false);
            }
            case VALUE_NULL -> {
                return new Null();
            }
            default -> throw new IOException("unexpected token " + t);
        }
    }

    private static String field(String struct, String path) {
        return "Go struct field " + struct + "." + path;
    }

    /** {@code struct}.{@code path} names the field in the message, as Go does ("Proxy.enabled"). */
    static String string(Value v, String struct, String path, String fallback) throws TypeError {
        if (v == null || v instanceof Null) {
            return fallback;
        }
        if (v instanceof Str s) {
            return s.text();
        }
        throw new TypeError("json: cannot unmarshal " + v.kind() + " into " + field(struct, path) + " of type string");
    }

    static Boolean bool(Value v, String struct, String path, Boolean fallback) throws TypeError {
        if (v == null || v instanceof Null) {
            return fallback;
        }
        if (v instanceof Bool b) {
            return b.value();
        }
        throw new TypeError("json: cannot unmarshal " + v.kind() + " into " + field(struct, path) + " of type bool");
    }

    /** A Go integer field: {@code goType} is "int64" or "int" (64 bits on the servers Toxiproxy ships for). */
    static long integer(Value v, String struct, String path, String goType, long fallback) throws TypeError {
        if (v == null || v instanceof Null) {
            return fallback;
        }
        if (v instanceof Num n) {
            try {
                BigInteger i = new BigInteger(n.literal());
                if (i.bitLength() < 64) {
                    return i.longValue();
                }
            } catch (NumberFormatException fraction) {
                // "1.5", "1.0", "1e3": Go refuses every literal that is not a plain integer
            }
            throw new TypeError("json: cannot unmarshal number " + n.literal() + " into " + field(struct, path) + " of type " + goType);
        }
        throw new TypeError("json: cannot unmarshal " + v.kind() + " into " + field(struct, path) + " of type " + goType);
    }

    static float float32(Value v, String struct, String path, float fallback) throws TypeError {
        if (v == null || v instanceof Null) {
            return fallback;
        }
        if (v instanceof Num n) {
            BigDecimal d = new BigDecimal(n.literal());
            if (d.abs().compareTo(BigDecimal.valueOf(Float.MAX_VALUE)) <= 0) {
                return d.floatValue();
            }
            throw new TypeError("json: cannot unmarshal number " + n.literal() + " into " + field(struct, path) + " of type float32");
        }
        throw new TypeError("json: cannot unmarshal " + v.kind() + " into " + field(struct, path) + " of type float32");
    }

    /** A nested struct field: null leaves it, an object is decoded, anything else is refused. */
    static Obj object(Value v, String struct, String path, String goType) throws TypeError {
        if (v == null || v instanceof Null) {
            return null;
        }
        if (v instanceof Obj o) {
            return o;
        }
        throw new TypeError("json: cannot unmarshal " + v.kind() + " into " + field(struct, path) + " of type " + goType);
    }

    /** The whole body as a struct: anything but an object (or null) is refused naming {@code goType}. */
    static Obj topObject(Value v, String goType) throws TypeError {
        if (v instanceof Null) {
            return new Obj(List.of(), List.of());
        }
        if (v instanceof Obj o) {
            return o;
        }
        throw new TypeError("json: cannot unmarshal " + v.kind() + " into Go value of type " + goType);
    }

    /** A float32 as Go's encoder writes it: shortest form, no ".0" on whole numbers. */
    static String formatFloat32(float f) {
        if (f == Math.rint(f) && Math.abs(f) < 1e21) {
            return Long.toString((long) f);
        }
        String s = new BigDecimal(Float.toString(f)).stripTrailingZeros().toPlainString();
        return Math.abs(f) < 1e-6 ? Float.toString(f).replace("E", "e") : s;
    }
}
