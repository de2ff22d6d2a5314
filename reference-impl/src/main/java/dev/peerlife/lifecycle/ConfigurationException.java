package dev.peerlife.lifecycle;

import java.util.Objects;

/** An invalid configuration value. {@link #field()} names the offending field. */
public final class ConfigurationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;

    public ConfigurationException(String field, String problem) {
        super(Objects.requireNonNull(field, "field") + ": " + problem);
        this.field = field;
    }

    /** The name of the field whose value was rejected, for example {@code heartbeatTimeoutMs}. */
    public String field() {
        return field;
    }
}
