package dev.peerlife.examples;

import dev.peerlife.runtime.ServerRuntime;
import dev.peerlife.testing.NettyLeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's examples run in the build: the game server and two clients over real TCP on an
 * ephemeral port, and the README shows the two files exactly as they are.
 */
@ExtendWith(NettyLeakCheck.class)
class ExamplesTest {

    @Test
    void theGameServerRelaysEachPlayersChatLineOverRealSockets() throws Exception {
        PrintStream console = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8)); // keeps the build quiet, and is checked
        ServerRuntime server = GameServer.start(0);
        Thread loop = new Thread(() -> {
            try {
                GameServer.run(server);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "game-loop");
        try {
            loop.start();
            int port = server.host().reliablePort().getAsInt();
            assertEquals("alice: hello", GameClient.chat("127.0.0.1", port, "alice", "hello"));
            assertEquals("bob: hi there", GameClient.chat("127.0.0.1", port, "bob", "hi there"));
        } finally {
            server.stop();
            loop.join(5_000);
            System.setOut(console);
        }
        assertFalse(loop.isAlive(), "the game loop ends when the server stops");
        assertEquals(0, server.sessions().size());
        String out = printed.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("server sees alice: LoginSucceeded LoginPending->LoggedIn"), out);
        assertTrue(out.contains("alice sees server: LoginSucceeded LoginPending->LoggedIn"), out);
        assertTrue(out.contains("bob sees server: Disconnected LoggedIn->Disconnected"), out);
    }

    @Test
    void theReadmeShowsBothExamplesAsTheyAreAndEachIsUnder60Lines() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        for (String name : List.of("GameServer", "GameClient")) {
            String source = Files.readString(Path.of("src/test/java/dev/peerlife/examples/" + name + ".java"));
            assertTrue(source.lines().count() < 60, name + " has " + source.lines().count() + " lines");
            assertTrue(blocks.contains(source), "README.md shows " + name + ".java as it is (copy it into its java block)");
        }
    }
}
