package dev.peerlife.conformance.runner;

import dev.peerlife.conformance.spi.SutFactory;
import dev.peerlife.conformance.spi.SystemUnderTest;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Picks the implementation under test from one switch: the system property {@code sut}, else the
 * environment variable {@code SUT}, else {@code reference}.
 *
 * <ul>
 *   <li>{@code NAME}: a {@link SutFactory} registered through ServiceLoader ({@code reference} is one);
 *   <li>{@code class:com.acme.MyFactory}: a {@link SutFactory} (or a {@link SystemUnderTest}) by class name;
 *   <li>{@code process:COMMAND}: a child process speaking the driver protocol; {@code {java}} and
 *       {@code {classpath}} in COMMAND expand to this JVM's java binary and class path.
 * </ul>
 */
public final class SutSelector {

    public static final String PROPERTY = "sut";
    public static final String ENV = "SUT";

    private SutSelector() {
    }

    public static String selection() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            value = System.getenv(ENV);
        }
        return value == null || value.isBlank() ? "reference" : value.trim();
    }

    /** Creates a new instance of the selected implementation, wrapped in per-call timeouts. */
    public static SystemUnderTest create(String selection, long callTimeoutMs) {
        if (selection.startsWith("process:")) {
            return ProcessSut.start(ProcessSut.command(selection.substring("process:".length())), callTimeoutMs);
        }
        return GuardedSut.wrap(createInProcess(selection), callTimeoutMs);
    }

    /** Creates the in-process implementation a {@code NAME} or {@code class:NAME} selection names, unguarded. */
    public static SystemUnderTest createInProcess(String selection) {
        if (selection.startsWith("class:")) {
            return byClass(selection.substring("class:".length()));
        }
        return byName(selection);
    }

    private static SystemUnderTest byClass(String className) {
        try {
            Object instance = Class.forName(className).getDeclaredConstructor().newInstance();
            if (instance instanceof SutFactory factory) {
                return factory.create();
            }
            if (instance instanceof SystemUnderTest sut) {
                return sut;
            }
            throw new IllegalArgumentException(className + " is neither a SutFactory nor a SystemUnderTest");
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot instantiate " + className + ": " + e, e);
        }
    }

    private static SystemUnderTest byName(String name) {
        List<String> known = new ArrayList<>();
        for (SutFactory factory : ServiceLoader.load(SutFactory.class)) {
            if (factory.name().equals(name)) {
                return factory.create();
            }
            known.add(factory.name());
        }
        throw new IllegalArgumentException("no implementation named '" + name + "'; registered: " + known
                + "; or use class:NAME or process:COMMAND");
    }
}
