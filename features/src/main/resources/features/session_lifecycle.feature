Feature: Network session lifecycle
  The upstream "network-session-lifecycle" capability, applied to each managed session of a server
  and, where the implementation has one, to a client runtime's session. Scenario titles marked
  upstream are its own. Evaluations "until they settle" repeat at the same instant until nothing
  changes, so a check accepts an implementation that applies one rule per evaluation as well as one
  that applies every due rule at once.

  Background:
    Given a server started through its runtime entry point with the default policy

  @NSL-1
  Scenario: Transport connect does not imply login success
    When peer "alice" connects
    Then peer "alice" is in one of the states TransportConnected, LoginPending
    When peer "alice" starts logging in
    Then peer "alice" is in state LoginPending
    And no event of peer "alice" is LoginSucceeded
    When 1 second passes and the server evaluates its sessions until they settle
    Then peer "alice" is in state LoginPending

  @NSL-1
  Scenario: Login success advances lifecycle independently
    Given peer "alice" connects
    And peer "alice" starts logging in
    When the login of peer "alice" succeeds
    Then peer "alice" is in state LoggedIn
    And the last event of peer "alice" is LoginSucceeded from LoginPending to LoggedIn
    And the events of peer "alice" include TransportConnected

  @NSL-1
  Scenario: Each session's events carry their kind, states, time and reason through the whole vocabulary
    Given the server is restarted with heartbeat interval 2000 ms, timeout 6000 ms, reconnect delay 1000 ms and auto-reconnect on
    When peer "alice" connects
    And 10 ms pass
    And peer "alice" fails to log in because "bad token"
    And peer "alice" disconnects
    And peer "bob" connects
    And peer "bob" logs in
    And 500 ms pass
    And the server sends a heartbeat to peer "bob"
    And 40 ms pass
    And the server receives a heartbeat from peer "bob"
    And 6010 ms pass and the server evaluates its sessions until they settle
    And 1000 ms pass and the server evaluates its sessions until they settle
    And peer "bob" disconnects
    And peer "bob" connects
    Then the events of peer "alice" are:
      | kind               | previous           | current            | time | reason    |
      | TransportConnected | Disconnected       | TransportConnected | 0    |           |
      | LoginStarted       | TransportConnected | LoginPending       | 10   |           |
      | LoginFailed        | LoginPending       | LoginFailed        | 10   | bad token |
      | Disconnected       | LoginFailed        | Disconnected       | 10   |           |
    And the events of peer "bob" are:
      | kind               | previous           | current            | time |
      | TransportConnected | Disconnected       | TransportConnected | 10   |
      | LoginStarted       | TransportConnected | LoginPending       | 10   |
      | LoginSucceeded     | LoginPending       | LoggedIn           | 10   |
      | HeartbeatSent      | LoggedIn           | LoggedIn           | 510  |
      | HeartbeatReceived  | LoggedIn           | LoggedIn           | 550  |
      | TimedOut           | LoggedIn           | TimedOut           | 6560 |
      | ReconnectScheduled | TimedOut           | ReconnectPending   | 6560 |
      | ReconnectStarted   | ReconnectPending   | Reconnecting       | 7560 |
      | Disconnected       | Reconnecting       | Disconnected       | 7560 |
      | TransportConnected | Disconnected       | TransportConnected | 7560 |

  @NSL-2
  Scenario: Heartbeat updates liveness and RTT while forwarding clock samples
    Given peer "alice" has connected and logged in
    When 5 seconds pass
    And the server sends a heartbeat to peer "alice"
    And 40 ms pass
    And the server receives a heartbeat from peer "alice" with server tick 4242
    Then peer "alice" has RTT 40 ms and last server tick 4242
    And every heartbeat event of peer "alice" keeps the state LoggedIn
    When 5 seconds pass and the server evaluates its sessions until they settle
    Then peer "alice" is in state LoggedIn
    And no event of peer "alice" is TimedOut

  @NSL-2
  Scenario: Each heartbeat answer measures the round trip of the heartbeat it answers
    Given peer "alice" has connected and logged in
    When the server sends a heartbeat to peer "alice"
    And 40 ms pass
    And the server receives a heartbeat from peer "alice"
    Then peer "alice" has RTT 40 ms
    When 2000 ms pass
    And the server sends a heartbeat to peer "alice"
    And 25 ms pass
    And the server receives a heartbeat from peer "alice"
    Then peer "alice" has RTT 25 ms

  @NSL-2
  Scenario: A heartbeat sent before a reconnect is no longer in flight
    The first heartbeat went out on a connection that has since dropped: the one heartbeat in flight
    when the answer comes is the one sent on the new connection.
    Given peer "alice" has connected and logged in
    When the server sends a heartbeat to peer "alice"
    And 500 ms pass
    And peer "alice" disconnects
    And peer "alice" connects
    And peer "alice" logs in
    And 1000 ms pass
    And the server sends a heartbeat to peer "alice"
    And 30 ms pass
    And the server receives a heartbeat from peer "alice"
    Then peer "alice" has RTT 30 ms

  @NSL-2 @requires-client
  Scenario: Each heartbeat answer of a client measures the round trip of the heartbeat it answers
    Given a client runtime named "alice" starts against the server
    And the client logs in
    When 2 seconds pass
    And the client sends a heartbeat
    And 40 ms pass
    And the client receives a heartbeat answer with server tick 1
    And 2 seconds pass
    And the client sends a heartbeat
    And 15 ms pass
    And the client receives a heartbeat answer with server tick 2
    Then the client session has RTT 15 ms and last server tick 2

  @NSL-2 @requires-client
  Scenario: A client's heartbeat answer sets its RTT and last server tick without touching its login state
    Given a client runtime named "alice" starts against the server
    And the client logs in
    When 2 seconds pass
    And the client sends a heartbeat
    And 40 ms pass
    And the client receives a heartbeat answer with server tick 9000
    Then the client session has RTT 40 ms and last server tick 9000
    And the client session is in state LoggedIn
    And every heartbeat event of the client keeps the state LoggedIn

  @NSL-2
  Scenario: Missing heartbeat triggers timeout state
    Given the server is restarted with heartbeat interval 2000 ms, timeout 6000 ms, reconnect delay 1000 ms and auto-reconnect off
    And peer "alice" has connected and logged in
    When 5999 ms pass and the server evaluates its sessions until they settle
    Then peer "alice" is in state LoggedIn
    When 1 ms passes and the server evaluates its sessions
    Then peer "alice" is in state TimedOut
    And the TimedOut event of peer "alice" has time 6000

  @NSL-2
  Scenario: A heartbeat received restarts the timeout
    Given the server is restarted with heartbeat interval 2000 ms, timeout 6000 ms, reconnect delay 1000 ms and auto-reconnect off
    And peer "alice" has connected and logged in
    When 4000 ms pass
    And the server receives a heartbeat from peer "alice"
    And 5999 ms pass and the server evaluates its sessions until they settle
    Then peer "alice" is in state LoggedIn
    When 1 ms passes and the server evaluates its sessions
    Then peer "alice" is in state TimedOut

  @NSL-2
  Scenario: A reconnected session's timeout counts from its reconnect
    Given the server is restarted with heartbeat interval 2000 ms, timeout 6000 ms, reconnect delay 1000 ms and auto-reconnect off
    And peer "alice" has connected and logged in
    When 1000 ms pass
    And peer "alice" disconnects
    And 60 seconds pass and the server evaluates its sessions until they settle
    And peer "alice" connects
    And 5999 ms pass and the server evaluates its sessions until they settle
    Then no event of peer "alice" is TimedOut
    When 1 ms passes and the server evaluates its sessions until they settle
    Then peer "alice" is in state TimedOut

  @NSL-2
  Scenario Outline: A session times out at its deadline however far the clock has run
    Clock values are milliseconds on an arbitrary origin, up to 2^53 - 1 over the driver protocol; the
    server starts hours in, past what a 32-bit int holds, and an hour before that maximum.
    Given <origin> ms pass
    And the server is restarted with heartbeat interval 2000 ms, timeout 6000 ms, reconnect delay 1000 ms and auto-reconnect off
    And 2500 ms pass
    And peer "alice" has connected and logged in
    When 1000 ms pass
    And the server receives a heartbeat from peer "alice"
    And 5999 ms pass and the server evaluates its sessions until they settle
    Then peer "alice" is in state LoggedIn
    When 1 ms passes and the server evaluates its sessions
    Then peer "alice" is in state TimedOut
    And the TimedOut event of peer "alice" has time <timedOut>

    Examples:
      | origin           | timedOut         |
      | 0                | 9500             |
      | 10800000         | 10809500         |
      | 2592000000       | 2592009500       |
      | 9007199251140991 | 9007199251150491 |

  @NSL-2
  Scenario: A session with a timeout of weeks times out exactly at it
    The server has run for 17 days when alice logs in, and her deadline is 23 days ahead.
    Given a server started through its runtime entry point with heartbeat interval 2000 ms, timeout 2000000000 ms, reconnect delay 1000 ms, auto-reconnect off and a resume window of 3000000000 ms
    And 1500000000 ms pass and the server evaluates its sessions
    And peer "alice" has connected and logged in
    When 1999999999 ms pass and the server evaluates its sessions until they settle
    Then peer "alice" is in state LoggedIn
    When 1 ms passes and the server evaluates its sessions
    Then peer "alice" is in state TimedOut

  @NSL-2
  Scenario: A session silent for years times out at the next evaluation
    Given the server is restarted with heartbeat interval 2000 ms, timeout 6000 ms, reconnect delay 1000 ms and auto-reconnect off
    And peer "alice" has connected and logged in
    When 100000000000 ms pass and the server evaluates its sessions
    Then the TimedOut event of peer "alice" has time 100000000000

  @NSL-2 @requires-client
  Scenario: A client session times out when its server goes quiet
    Given a client runtime named "alice" with heartbeat interval 1000 ms, timeout 3000 ms, reconnect delay 500 ms and auto-reconnect off starts against the server
    And the client logs in
    When 2999 ms pass and the client evaluates its session until it settles
    Then the client session is in state LoggedIn
    When 1 ms passes and the client evaluates its session
    Then the client session is in state TimedOut
    And the client events include TimedOut

  @NSL-3
  Scenario: Timeout produces an observable reconnect transition
    Given peer "alice" has connected and logged in
    When 7 seconds pass and the server evaluates its sessions until they settle
    Then peer "alice" is in state ReconnectPending
    And the events of peer "alice" end with TimedOut, ReconnectScheduled
    When 999 ms pass and the server evaluates its sessions until they settle
    Then peer "alice" is in state ReconnectPending
    When 1 ms passes and the server evaluates its sessions until they settle
    Then peer "alice" is in one of the states ReconnectPending, Reconnecting

  @NSL-3
  Scenario: Without auto-reconnect a timed-out session stays timed out
    Given the server is restarted with heartbeat interval 2000 ms, timeout 6000 ms, reconnect delay 1000 ms and auto-reconnect off
    And peer "alice" has connected and logged in
    When 6 seconds pass and the server evaluates its sessions until they settle
    And 60 seconds pass and the server evaluates its sessions until they settle
    Then peer "alice" is in state TimedOut
    And no event of peer "alice" is ReconnectScheduled

  @NSL-3
  Scenario Outline: A reconnect starts only once its delay has passed, however far the clock has run
    Given <origin> ms pass
    And the server is restarted with heartbeat interval 2000 ms, timeout 6000 ms, reconnect delay 1000 ms and auto-reconnect on
    And peer "alice" has connected and logged in
    When 7 seconds pass and the server evaluates its sessions until they settle
    Then peer "alice" is in state ReconnectPending
    When 999 ms pass and the server evaluates its sessions until they settle
    Then peer "alice" is in state ReconnectPending
    When 1 ms passes and the server evaluates its sessions until they settle
    Then peer "alice" is in one of the states ReconnectPending, Reconnecting

    Examples:
      | origin           |
      | 0                |
      | 10800000         |
      | 2592000000       |
      | 9007199251140991 |

  @NSL-3 @requires-client
  Scenario: A client's timed-out session waits its own reconnect delay
    Given a client runtime named "alice" with heartbeat interval 1000 ms, timeout 3000 ms, reconnect delay 500 ms and auto-reconnect on starts against the server
    And the client logs in
    When 3500 ms pass and the client evaluates its session until it settles
    Then the client session is in state ReconnectPending
    And the client events include TimedOut
    When 499 ms pass and the client evaluates its session until it settles
    Then the client session is in state ReconnectPending
    When 1 ms passes and the client evaluates its session until it settles
    Then the client session is in one of the states ReconnectPending, Reconnecting

  @NSL-3
  Scenario: Login failure is distinct from transport disconnect
    Given peer "alice" connects
    When peer "alice" fails to log in because "account locked"
    Then peer "alice" is in state LoginFailed with failure reason "account locked"
    And the LoginFailed event of peer "alice" has the reason "account locked" and time 0
    And no event of peer "alice" is Disconnected
    And no event of peer "alice" is TimedOut

  @NSL-3
  Scenario: Each peer's timeout and reconnect follow its own silence
    Given peer "alice" has connected and logged in
    And 3 seconds pass
    And peer "bob" has connected and logged in
    When 3500 ms pass and the server evaluates its sessions until they settle
    Then peer "alice" is in state ReconnectPending
    And peer "bob" is in state LoggedIn
    When 3 seconds pass and the server evaluates its sessions until they settle
    Then peer "bob" is in state ReconnectPending
    And peer "alice" is in one of the states ReconnectPending, Reconnecting

  @NSL-4 @requires-client @requires-sync-lane @requires-messages
  Scenario: Client single-session initialization with dual transports
    Given a server started through its runtime entry point with a sync lane, handling message types 300, 301
    And a client runtime named "alice" starts against the server
    When the client sends a message of type 300 with payload "pos" on the sync lane
    And the client sends a message of type 301 with payload "fire"
    Then the sync lane received 1 frame
    And the reliable lane received 1 frame
    And the server handled a message of type 300 with payload "pos" from peer "alice"
    And the server handled a message of type 301 with payload "fire" from peer "alice"

  @NSL-4 @requires-messages
  Scenario: Server multi-session initialization with fallback transport
    Given a server started through its runtime entry point handling message types 300
    And peer "alice" connects
    And peer "bob" connects
    When peer "alice" sends a message of type 300 with payload "pos" on the sync lane
    And peer "bob" sends a message of type 300 with payload "aim" on the sync lane
    Then the reliable lane received 2 frames
    And there is no sync lane
    And the server handled a message of type 300 with payload "pos" from peer "alice"
    And the server handled a message of type 300 with payload "aim" from peer "bob"
    And the server has 2 managed sessions

  @NSL-5
  Scenario: Startup success is reported only after transport startup completes
    Then the server is running
    And the reliable lane was started once and is running
    When peer "alice" connects
    Then the first event of peer "alice" comes from the state Disconnected

  @NSL-5
  Scenario: Shutdown routes through existing lifecycle cleanup
    Given peer "alice" has connected and logged in
    And peer "bob" connects
    And peer "carol" connects
    And peer "carol" disconnects
    When the server is stopped
    Then the server is not running
    And the server has 0 managed sessions
    And looking up peer "alice" finds no session
    And every peer that had a session ended with a Disconnected event or a removal notice
