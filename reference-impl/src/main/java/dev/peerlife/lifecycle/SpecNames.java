package dev.peerlife.lifecycle;

import java.util.Locale;

/** Turns {@code RECONNECT_PENDING} into the spec's {@code ReconnectPending}. */
final class SpecNames {
    private SpecNames() {
    }

    static String of(String constant) {
        StringBuilder out = new StringBuilder(constant.length());
        for (String word : constant.split("_")) {
            out.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }
}
