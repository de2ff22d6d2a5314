Feature: Proposal commitments
  The change proposal: per-session rules, a server-facing API, and host plug-in points, beside an
  unchanged client.

  Background:
    Given a server started through its runtime entry point with the default policy

  @PRO-1 @requires-client
  Scenario: The single-session client flow works beside the server's sessions
    Given peer "bob" has connected and logged in
    When a client runtime named "alice" starts against the server
    Then the client session is in one of the states TransportConnected, LoginPending
    When the client logs in
    Then the client session is in state LoggedIn
    And peer "alice" has a session
    When the client runtime stops
    Then the client session is in state Disconnected

  @PRO-1 @requires-client
  Scenario: A client whose server falls silent times out and reconnects on its own rules
    The exact boundaries of the client's timeout and reconnect delay are NSL-2's and NSL-3's own
    checks; here the client applies its rules at all, on its own.
    Given a client runtime named "alice" starts against the server
    And the client logs in
    When 5 seconds pass and the client evaluates its session until it settles
    Then the client session is in state LoggedIn
    When 2 seconds pass and the client evaluates its session until it settles
    Then the client session is in state ReconnectPending
    And the client events include TimedOut
    When 500 ms pass and the client evaluates its session until it settles
    Then the client session is in state ReconnectPending
    When 10 seconds pass and the client evaluates its session until it settles
    Then the client session is in one of the states ReconnectPending, Reconnecting

  @PRO-2
  Scenario: Login results, liveness, timeouts and reconnects are judged per session
    Given peer "alice" connects
    And peer "bob" connects
    And the state of each peer is noted
    When peer "alice" fails to log in because "wrong password"
    Then peer "bob" is still in its noted state
    Given the state of each peer is noted
    When peer "bob" logs in
    Then peer "alice" is still in its noted state
    And peer "bob" is in state LoggedIn
    Given peer "carol" has connected and logged in
    When 7 seconds pass one by one while only peer "bob" sends heartbeats, the server evaluating each second
    Then peer "carol" is in one of the states TimedOut, ReconnectPending, Reconnecting
    And peer "bob" is in state LoggedIn
    Given the state of each peer is noted
    When peer "carol" disconnects
    And peer "carol" connects
    Then peer "carol" has a session
    And peer "bob" is still in its noted state
    And peer "alice" is still in its noted state

  @PRO-3
  Scenario: Every event names its peer and each peer's events form one chain
    Given peer "alice" has connected and logged in
    And peer "bob" connects
    When peer "bob" fails to log in because "banned"
    And 7 seconds pass and the server evaluates its sessions until they settle
    Then every server event names one of the peers alice, bob
    And the events of each peer form a chain in which every previous state is the prior current state
    And each peer's session shows the state of its own last event
    And the events of peer "alice" include TimedOut

  @PRO-4 @requires-admission
  Scenario: Admission and cleanup plug in at the host without changing the lifecycle rules
    Given the server is restarted with a limit of 1 peer
    When peer "alice" connects
    And peer "bob" connects
    Then peer "bob" has no session
    And the server refused 1 connection
    And peer "alice" has a session
    When 7 seconds pass and the server evaluates its sessions until they settle
    Then peer "alice" is in one of the states TimedOut, ReconnectPending, Reconnecting
    When the server removes peer "alice" because "cheating"
    Then the host's cleanup ran for peer "alice"
