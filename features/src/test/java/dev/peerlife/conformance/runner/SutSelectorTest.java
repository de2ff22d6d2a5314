package dev.peerlife.conformance.runner;

import dev.peerlife.conformance.spi.SutDescription;
import dev.peerlife.conformance.spi.SutFactory;
import dev.peerlife.conformance.spi.SystemUnderTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An implementation that cannot be used is refused before anything runs, with one line that names
 * the problem: unknown name, missing class, a class that is not an implementation, a driver that
 * cannot start or answers no valid hello.
 */
class SutSelectorTest {

    /** Long enough for a child JVM to start and answer on a loaded machine; only the silent driver waits it out. */
    private static final long TIMEOUT_MS = 20_000;
    private static final long SHORT_TIMEOUT_MS = 1_500;

    private static String unusable(String selection, String... fragments) {
        return unusable(selection, TIMEOUT_MS, fragments);
    }

    private static String unusable(String selection, long timeoutMs, String... fragments) {
        UnusableSutException e = assertThrows(UnusableSutException.class, () -> SutSelector.probe(selection, timeoutMs));
        String message = e.getMessage();
        assertFalse(message.contains("\n"), "one line: " + message);
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), "'" + fragment + "' missing from: " + message);
        }
        return message;
    }

    private static String driver(String mode) {
        return "process:{java} -cp {classpath} " + BadHelloDriver.class.getName() + " " + mode;
    }

    /** An implementation whose only constructor takes an argument. */
    public static final class NeedsArgumentFactory implements SutFactory {
        public NeedsArgumentFactory(int unused) {
        }

        @Override
        public String name() {
            return "needs-argument";
        }

        @Override
        public SystemUnderTest create() {
            throw new AssertionError("never created");
        }
    }

    /** A factory that cannot create its implementation. */
    public static final class FailingFactory implements SutFactory {
        @Override
        public String name() {
            return "failing";
        }

        @Override
        public SystemUnderTest create() {
            throw new IllegalStateException("licence file missing");
        }
    }

    @Test
    void theReferenceIsUsableAndSaysWhoItIs() {
        SutDescription who = SutSelector.probe("reference", TIMEOUT_MS);
        assertEquals("reference", who.name());
    }

    @Test
    void anUnknownNameIsRefusedNamingTheRegisteredOnes() {
        unusable("nosuch", "no implementation is registered under the name 'nosuch'", "registered: reference",
                "class:NAME or process:COMMAND");
    }

    @Test
    void aMistypedPrefixIsPointedOut() {
        unusable("proces:python3 driver.py", "'proces:python3 driver.py'", "a prefix must be class: or process:");
    }

    @Test
    void aMissingClassIsRefused() {
        unusable("class:com.acme.NoSuchSut", "class com.acme.NoSuchSut is not on the class path");
        unusable("class:", "'class:' names no class");
    }

    @Test
    void aClassThatIsNotAnImplementationIsRefused() {
        unusable("class:java.lang.StringBuilder", "class java.lang.StringBuilder is neither a", "SutFactory", "SystemUnderTest");
    }

    @Test
    void anImplementationClassWithoutAPublicNoArgumentConstructorIsRefused() {
        unusable("class:" + NeedsArgumentFactory.class.getName(), "has no public no-argument constructor");
    }

    @Test
    void aFactoryThatCannotCreateItsImplementationIsRefusedWithTheCause() {
        unusable("class:" + FailingFactory.class.getName(), "failed to create an implementation",
                "IllegalStateException: licence file missing");
    }

    @Test
    void aDriverCommandThatCannotStartIsRefused() {
        unusable("process:/nonexistent/peerlife-driver --fast", "the driver command '/nonexistent/peerlife-driver --fast' cannot start",
                "No such file or directory");
        unusable("process:   ", "'process:' names no driver command");
    }

    @Test
    void aDriverThatExitsBeforeHelloIsRefusedWithItsExitCodeAndStderr() {
        unusable(driver("exit"), "answered no valid hello", "the driver exited", "exit code 4",
                "its stderr ends with: bad driver: missing configuration, giving up");
    }

    @Test
    void aShellCommandThatExitsAtOnceIsRefused() {
        unusable("process:sh -c exit", "the driver 'sh -c exit' answered no valid hello", "the driver exited", "exit code 0");
    }

    @Test
    void aDriverThatNeverAnswersHelloIsRefusedAfterTheCallTimeout() {
        unusable(driver("silent"), SHORT_TIMEOUT_MS, "answered no valid hello", "no answer to hello within 1500 ms",
                "it printed nothing on stderr");
    }

    @Test
    void aDriverThatAnswersHelloWithGarbageIsRefused() {
        unusable(driver("garbage"), "answered no valid hello", "not JSON: hello yourself");
    }

    @Test
    void aDriverThatRefusesHelloIsRefused() {
        unusable(driver("refuse"), "answered no valid hello", "not ready");
    }

    @Test
    void aHelloWithoutNameOrWithAnotherProtocolIsRefused() {
        unusable(driver("nameless"), "answered no valid hello", "its result has no name");
        unusable(driver("protocol2"), "answered no valid hello", "it speaks protocol 2, this suite speaks 1");
    }

    @Test
    void theReferenceDriverIsUsable() {
        SutDescription who = SutSelector.probe("process:{java} -cp {classpath} dev.peerlife.conformance.driver.ReferenceDriver", TIMEOUT_MS);
        assertEquals("reference", who.name());
        assertFalse(who.capabilities().isEmpty());
    }
}
