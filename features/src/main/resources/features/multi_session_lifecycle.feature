Feature: Multi-session lifecycle
  The seed spec "multi-session-lifecycle": a server host keeps one lifecycle per remote peer.
  Scenario titles are the seed's own, word for word. Every check here accepts each behaviour the
  spec allows: a transport connect is TransportConnected or LoginPending (NSL-1), a timed-out
  session may already have moved on to the reconnect states, and a removed or disconnected session
  may be updated or removed.

  Background:
    Given a server started through its runtime entry point with the default policy

  @MSL-1
  Scenario: Server tracks two peers independently
    When peer "alice" connects
    And peer "bob" connects
    Then the server has 2 managed sessions
    And each peer's session shows the state of its own last event
    Given the state of each peer is noted
    When peer "alice" logs in
    Then peer "bob" is still in its noted state
    And peer "bob" has no new event since the states were noted
    And each peer's session shows the state of its own last event
    Given the state of each peer is noted
    When peer "bob" fails to log in because "banned"
    Then peer "alice" is still in its noted state
    And peer "alice" has no new event since the states were noted
    And each peer's session shows the state of its own last event
    And the server has 2 managed sessions

  @MSL-1
  Scenario: One peer timing out leaves the other peer's session as it was
    Given peer "alice" has connected and logged in
    And 3 seconds pass
    And peer "bob" has connected and logged in
    And the state of each peer is noted
    When 4 seconds pass and the server evaluates its sessions until they settle
    Then the events of peer "alice" include TimedOut
    And peer "bob" is still in its noted state
    And peer "bob" has no new event since the states were noted

  @MSL-1
  Scenario: Two peers on one host with different ports are two identities
    When peer "127.0.0.1:5001" connects
    And peer "127.0.0.1:5002" connects
    Then the server has 2 managed sessions
    Given the state of each peer is noted
    When peer "127.0.0.1:5001" logs in
    Then peer "127.0.0.1:5002" is still in its noted state
    And each peer's session shows the state of its own last event
    Given the state of each peer is noted
    When peer "127.0.0.1:5002" fails to log in because "banned"
    Then peer "127.0.0.1:5001" is still in its noted state
    And each peer's session shows the state of its own last event

  @MSL-2
  Scenario: Timeout affects only one managed session
    Given peer "alice" has connected and logged in
    And peer "bob" has connected and logged in
    When 7 seconds pass one by one while only peer "bob" sends heartbeats, the server evaluating each second
    Then peer "alice" is in one of the states TimedOut, ReconnectPending, Reconnecting
    And the events of peer "alice" include TimedOut
    And peer "bob" is in state LoggedIn
    And no event of peer "bob" is TimedOut

  @MSL-2
  Scenario Outline: Timeout affects only one managed session, however far the clock has run
    The server starts hours in, past what a 32-bit int of milliseconds holds, and an hour before the
    largest clock the driver protocol carries (2^53 - 1).
    Given <origin> ms pass
    And the server is restarted
    And peer "alice" has connected and logged in
    And peer "bob" has connected and logged in
    When 7 seconds pass one by one while only peer "bob" sends heartbeats, the server evaluating each second
    Then peer "alice" is in one of the states TimedOut, ReconnectPending, Reconnecting
    And the events of peer "alice" include TimedOut
    And peer "bob" is in state LoggedIn
    And no event of peer "bob" is TimedOut

    Examples:
      | origin           |
      | 10800000         |
      | 2592000000       |
      | 9007199251140991 |

  @MSL-2
  Scenario: Timeout affects only one managed session, when the active peer sends messages instead of heartbeats
    Given peer "alice" has connected and logged in
    And peer "bob" has connected and logged in
    When 7 seconds pass one by one while only peer "bob" sends application messages, the server evaluating each second
    Then peer "alice" is in one of the states TimedOut, ReconnectPending, Reconnecting
    And peer "bob" is in state LoggedIn

  @MSL-2
  Scenario: A peer that keeps sending heartbeats keeps its session however long it runs
    The resume window bounds how long a session that left the live states must be kept; it never
    lets a live session go. Alice falls silent (whether and when her session is evicted is the
    implementation's choice); bob heartbeats for four times the window.
    Given the server is restarted keeping sessions that left the live states for 30 seconds before evicting them
    And peer "alice" has connected and logged in
    And peer "bob" has connected and logged in
    When 120000 ms pass while peer "bob" sends a heartbeat every second, the server evaluating each time
    Then peer "bob" is in state LoggedIn
    And no event of peer "bob" is Disconnected

  @MSL-2
  Scenario: A removed peer that comes back keeps its new session past the old session's deadlines
    Whatever was pending for the removed session (its timeout, an eviction) ends with it: the new
    session of the same peer, live and heartbeating, is never ended by it.
    Given the server is restarted keeping sessions that left the live states for 30 seconds before evicting them
    And peer "alice" has connected and logged in
    When the server removes peer "alice" because "kicked"
    And peer "alice" connects
    And peer "alice" logs in
    And 120000 ms pass while peer "alice" sends a heartbeat every second, the server evaluating each time
    Then peer "alice" is in state LoggedIn
    And peer "alice" has had no Disconnected event and no removal notice since it last connected

  @MSL-2
  Scenario: A peer that comes back after its session may have been evicted keeps its new session
    Alice falls silent for longer than the resume window (her session may be evicted, or kept), then
    comes back, logs in and heartbeats: her session, new or resumed, stays.
    Given the server is restarted keeping sessions that left the live states for 30 seconds before evicting them
    And peer "alice" has connected and logged in
    And peer "bob" has connected and logged in
    And 60000 ms pass while peer "bob" sends a heartbeat every second, the server evaluating each time
    When peer "alice" connects
    And peer "alice" logs in
    And 60000 ms pass while peer "alice" sends a heartbeat every second, the server evaluating each time
    Then peer "alice" is in state LoggedIn
    And peer "alice" has had no Disconnected event and no removal notice since it last connected

  @MSL-2
  Scenario: Two peers on one host are enumerated and looked up as two sessions
    When peer "127.0.0.1:5001" connects
    And peer "127.0.0.1:5002" connects
    And peer "127.0.0.1:5002" starts logging in
    And the server's sessions are enumerated
    Then the enumeration holds exactly the peers 127.0.0.1:5001, 127.0.0.1:5002
    And each enumerated session shows the state of that peer's own last event, and looking it up gives the same

  @MSL-2
  Scenario: Host can inspect current managed sessions
    Given peer "carol" has connected and logged in
    And peer "alice" connects
    And peer "bob" connects
    And peer "bob" starts logging in
    When the server's sessions are enumerated
    Then the enumeration holds exactly the peers alice, bob, carol
    And each enumerated session shows the state of that peer's own last event, and looking it up gives the same
    And looking up peer "dave" finds no session

  @MSL-3
  Scenario: Disconnect removes one session only
    Given peer "alice" has connected and logged in
    And peer "bob" has connected and logged in
    And peer "carol" connects
    And the state of each peer is noted
    When the server removes peer "alice" because "evicted by the host"
    Then peer "alice" has no session or is in state Disconnected
    And peer "bob" is still in its noted state
    And peer "carol" is still in its noted state
    And peer "bob" has no new event since the states were noted
    And peer "carol" has no new event since the states were noted
    And the server has at least 2 managed sessions

  @MSL-3
  Scenario: Removing one of two peers on one host leaves the other as it was
    Given peer "10.0.0.7:40001" has connected and logged in
    And peer "10.0.0.7:40002" has connected and logged in
    And the state of each peer is noted
    When the server removes peer "10.0.0.7:40001" because "kicked"
    Then peer "10.0.0.7:40001" has no session or is in state Disconnected
    And peer "10.0.0.7:40002" is still in its noted state
    And peer "10.0.0.7:40002" has no new event since the states were noted

  @MSL-3
  Scenario: A transport disconnect of one peer leaves the others as they were
    Given peer "alice" has connected and logged in
    And peer "bob" has connected and logged in
    And the state of each peer is noted
    When peer "alice" disconnects
    Then peer "alice" has no session or is in state Disconnected
    And peer "bob" is still in its noted state
    And peer "bob" has no new event since the states were noted

  @MSL-4
  Scenario: Entry point startup exposes multi-session lifecycle ownership
    Then the server is running
    And the hosted server exposes its multi-session coordinator
    When peer "alice" connects
    Then peer "alice" has a session
    And the server has 1 managed session

  @MSL-4
  Scenario: Entry point shutdown clears all managed peers
    Given peer "alice" has connected and logged in
    And peer "bob" connects
    When the server is stopped
    Then the server is not running
    And the server has 0 managed sessions
    And every peer that had a session ended with a Disconnected event or a removal notice
