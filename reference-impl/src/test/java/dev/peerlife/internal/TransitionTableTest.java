package dev.peerlife.internal;

import dev.peerlife.lifecycle.LifecycleEventKind;
import dev.peerlife.lifecycle.SessionState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The table in docs/state-machine.md, typed in again by hand, checked cell by cell against the code.
 * A cell is the target state, "=" for a legal event that keeps the state, "-" for an ignored input.
 */
class TransitionTableTest {

    // Columns: Disconnected, TransportConnected, LoginPending, LoggedIn, LoginFailed, TimedOut,
    //          ReconnectPending, Reconnecting
    private static final String[][] TABLE = {
        /* TransportConnected */ {"TC", "-", "-", "-", "-", "TC", "TC", "TC"},
        /* LoginStarted       */ {"-", "LP", "-", "-", "LP", "-", "-", "-"},
        /* LoginSucceeded     */ {"-", "-", "LI", "-", "-", "-", "-", "-"},
        /* LoginFailed        */ {"-", "-", "LF", "-", "-", "-", "-", "-"},
        /* HeartbeatSent      */ {"-", "-", "-", "=", "-", "-", "-", "-"},
        /* HeartbeatReceived  */ {"-", "=", "=", "=", "-", "-", "-", "-"},
        /* TimedOut           */ {"-", "TO", "TO", "TO", "-", "-", "-", "-"},
        /* ReconnectScheduled */ {"-", "-", "-", "-", "-", "RP", "-", "RP"},
        /* ReconnectStarted   */ {"-", "-", "-", "-", "-", "-", "RC", "-"},
        /* Disconnected       */ {"-", "D", "D", "D", "D", "D", "D", "D"},
    };

    private static SessionState state(String code) {
        return switch (code) {
            case "D" -> SessionState.DISCONNECTED;
            case "TC" -> SessionState.TRANSPORT_CONNECTED;
            case "LP" -> SessionState.LOGIN_PENDING;
            case "LI" -> SessionState.LOGGED_IN;
            case "LF" -> SessionState.LOGIN_FAILED;
            case "TO" -> SessionState.TIMED_OUT;
            case "RP" -> SessionState.RECONNECT_PENDING;
            case "RC" -> SessionState.RECONNECTING;
            default -> throw new IllegalArgumentException(code);
        };
    }

    @Test
    void nsl1_everyCellOfTheDocumentedTableMatchesTheCode() {
        List<String> mismatches = new ArrayList<>();
        LifecycleEventKind[] kinds = LifecycleEventKind.values();
        SessionState[] states = SessionState.values();
        assertEquals(kinds.length, TABLE.length);
        for (int k = 0; k < kinds.length; k++) {
            for (int s = 0; s < states.length; s++) {
                String cell = TABLE[k][s];
                boolean legal = SessionStateMachine.isLegal(kinds[k], states[s]);
                if (cell.equals("-")) {
                    if (legal) {
                        mismatches.add(kinds[k] + " in " + states[s] + " should be ignored");
                    }
                    continue;
                }
                SessionState expected = cell.equals("=") ? states[s] : state(cell);
                if (!legal || SessionStateMachine.target(kinds[k], states[s]) != expected) {
                    mismatches.add(kinds[k] + " in " + states[s] + " should lead to " + expected);
                }
            }
        }
        assertEquals(List.of(), mismatches);
    }
}
