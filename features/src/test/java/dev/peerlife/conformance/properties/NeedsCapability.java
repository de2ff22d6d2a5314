package dev.peerlife.conformance.properties;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A property that needs an optional ability of the implementation ({@code Capability}): on an
 * implementation that does not declare it, {@link PropertyHooks} reports the property as aborted
 * (unsupported) without running it, as the suite skips the scenarios tagged {@code @requires-NAME}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface NeedsCapability {
    String value();
}
