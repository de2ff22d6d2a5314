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
  Scenario: Timeout affects only one managed session, when the active peer sends messages instead of heartbeats
    Given peer "alice" has connected and logged in
    And peer "bob" has connected and logged in
    When 7 seconds pass one by one while only peer "bob" sends application messages, the server evaluating each second
    Then peer "alice" is in one of the states TimedOut, ReconnectPending, Reconnecting
    And peer "bob" is in state LoggedIn

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
