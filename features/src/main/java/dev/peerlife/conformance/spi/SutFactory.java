package dev.peerlife.conformance.spi;

/**
 * How a JVM implementation plugs in: name the class with {@code -Dsut=class:com.acme.MyFactory},
 * or register it in {@code META-INF/services/dev.peerlife.conformance.spi.SutFactory} and select
 * it by {@link #name()} with {@code -Dsut=NAME}. A public no-argument constructor is required.
 */
public interface SutFactory {

    String name();

    SystemUnderTest create();
}
