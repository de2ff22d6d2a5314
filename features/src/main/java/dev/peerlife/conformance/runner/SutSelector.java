package dev.peerlife.conformance.runner;

import dev.peerlife.conformance.spi.SutDescription;
import dev.peerlife.conformance.spi.SutFactory;
import dev.peerlife.conformance.spi.SystemUnderTest;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
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
 *
 * <p>A selection that cannot work fails with {@link UnusableSutException}, one line naming the problem.
 */
public final class SutSelector {

    public static final String PROPERTY = "sut";
    public static final String ENV = "SUT";

    private static final String CLASS = "class:";
    private static final String PROCESS = "process:";

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
        if (selection.startsWith(PROCESS)) {
            return ProcessSut.start(selection.substring(PROCESS.length()), callTimeoutMs);
        }
        return GuardedSut.wrap(createInProcess(selection), callTimeoutMs);
    }

    /** Creates the in-process implementation a {@code NAME} or {@code class:NAME} selection names, unguarded. */
    public static SystemUnderTest createInProcess(String selection) {
        if (selection.startsWith(CLASS)) {
            return byClass(selection.substring(CLASS.length()).trim());
        }
        return byName(selection);
    }

    /**
     * Checks that the selection can be used before anything runs: creates one instance (for
     * {@code process:}, starts the driver and performs the {@code hello} handshake), asks it who it is
     * and closes it.
     *
     * @return who the implementation says it is
     * @throws UnusableSutException naming the problem in one line
     */
    public static SutDescription probe(String selection, long callTimeoutMs) {
        SystemUnderTest sut = create(selection, callTimeoutMs);
        try {
            SutDescription description;
            try {
                description = sut.describe();
            } catch (RuntimeException e) {
                throw new UnusableSutException("'" + selection + "' failed to describe itself: " + oneLine(e));
            }
            if (description == null || description.name() == null || description.name().isBlank()) {
                throw new UnusableSutException("'" + selection + "' describes itself with no name (describe() must return one)");
            }
            return description;
        } finally {
            try {
                sut.close();
            } catch (RuntimeException ignored) {
                // the probe is over either way; the run creates its own instance
            }
        }
    }

    private static SystemUnderTest byClass(String className) {
        if (className.isEmpty()) {
            throw new UnusableSutException("'class:' names no class; write class:com.acme.MySutFactory");
        }
        Class<?> type;
        try {
            type = Class.forName(className);
        } catch (ClassNotFoundException e) {
            throw new UnusableSutException("class " + className + " is not on the class path");
        } catch (LinkageError e) {
            throw new UnusableSutException("class " + className + " cannot be loaded: " + oneLine(e));
        }
        if (!SutFactory.class.isAssignableFrom(type) && !SystemUnderTest.class.isAssignableFrom(type)) {
            throw new UnusableSutException("class " + className + " is neither a " + SutFactory.class.getName() + " nor a "
                    + SystemUnderTest.class.getName());
        }
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            throw new UnusableSutException("class " + className + " is abstract; name a concrete class");
        }
        Object instance;
        try {
            Constructor<?> constructor = type.getConstructor();
            instance = constructor.newInstance();
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new UnusableSutException("class " + className + " has no public no-argument constructor");
        } catch (InvocationTargetException e) {
            throw new UnusableSutException("the constructor of " + className + " failed: " + oneLine(e.getCause()));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            throw new UnusableSutException("class " + className + " cannot be instantiated: " + oneLine(e));
        }
        if (instance instanceof SutFactory factory) {
            return fromFactory(factory, className);
        }
        return (SystemUnderTest) instance;
    }

    private static SystemUnderTest byName(String name) {
        List<String> known = new ArrayList<>();
        for (SutFactory factory : ServiceLoader.load(SutFactory.class)) {
            if (factory.name().equals(name)) {
                return fromFactory(factory, name);
            }
            known.add(factory.name());
        }
        String hint = name.contains(":") ? "; a prefix must be class: or process:" : "";
        throw new UnusableSutException("no implementation is registered under the name '" + name + "' (registered: "
                + String.join(", ", known) + ")" + hint + "; use a registered name, class:NAME or process:COMMAND");
    }

    private static SystemUnderTest fromFactory(SutFactory factory, String selected) {
        SystemUnderTest sut;
        try {
            sut = factory.create();
        } catch (RuntimeException | LinkageError e) {
            throw new UnusableSutException("the factory " + factory.getClass().getName() + " for '" + selected
                    + "' failed to create an implementation: " + oneLine(e));
        }
        if (sut == null) {
            throw new UnusableSutException("the factory " + factory.getClass().getName() + " for '" + selected + "' created null");
        }
        return sut;
    }

    /** A throwable as one line: the first line of its message, after its class name unless it is one of ours. */
    static String oneLine(Throwable t) {
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return t.getClass().getName();
        }
        int nl = message.indexOf('\n');
        String first = (nl < 0 ? message : message.substring(0, nl)).strip();
        return t.getClass().getName().startsWith("dev.peerlife.") ? first : t.getClass().getSimpleName() + ": " + first;
    }
}
