Feature: Reference profile
  Decisions the reference implementation takes where the spec is silent (REF IDs of the
  catalogue). A failure here is reported as a difference from the reference profile and never
  makes an implementation non-conformant. Each scenario checks one decision and passes whatever
  the implementation decides on every other one; docs/reference-profile.md explains each decision
  and where the reference implements it.

  Background:
    Given a server started through its runtime entry point with the default policy

  @REF-1 @requires-client
  Scenario: The first heartbeat is due one interval after login
    Given a client runtime named "alice" starts against the server
    When the client logs in
    Then no heartbeat is due for the client
    When 1999 ms pass
    Then no heartbeat is due for the client
    When 1 ms passes
    Then a heartbeat is due for the client

  @REF-1
  Scenario: With several heartbeats in flight, RTT is measured from the last one sent
    Given peer "alice" has connected and logged in
    When the server sends a heartbeat to peer "alice"
    And 100 ms pass
    And the server sends a heartbeat to peer "alice"
    And 30 ms pass
    And the server receives a heartbeat from peer "alice"
    Then peer "alice" has RTT 30 ms

  @REF-2
  Scenario: A heartbeat is sent only in LoggedIn
    Given peer "alice" connects
    When the server sends a heartbeat to peer "alice"
    And 50 ms pass
    And the server receives a heartbeat from peer "alice"
    Then peer "alice" is in state TransportConnected
    And peer "alice" has no RTT

  @REF-2 @requires-client
  Scenario: A client cannot send a heartbeat before it is logged in
    Given a client runtime named "alice" starts against the server
    When the client tries to send a heartbeat
    And 40 ms pass
    And the client logs in
    And the client receives a heartbeat answer with server tick 7
    Then the client session is in state LoggedIn
    And the client session has no RTT

  @REF-3
  Scenario: A login result is accepted only after a login start
    Given peer "alice" connects
    When the server is told the login of peer "alice" succeeded without it having started
    Then peer "alice" is in state TransportConnected
    When the server is told the login of peer "alice" failed because "late answer" without it having started
    Then peer "alice" is in state TransportConnected
    And peer "alice" has no failure reason

  @REF-4
  Scenario: A login or heartbeat for a peer with no session creates none
    Given peer "alice" connects
    When the login of peer "ghost" starts without its transport having connected
    And the server receives a heartbeat from peer "ghost"
    Then looking up peer "ghost" finds no session
    And the server has 1 managed session

  @REF-5
  Scenario: Every removal publishes Disconnected, then a removal notice
    Given peer "alice" has connected and logged in
    And peer "bob" connects
    And peer "carol" connects
    And peer "carol" disconnects
    When the server removes peer "alice" because "cheating"
    Then the last event of peer "alice" is Disconnected with the reason "cheating", followed by a removal notice with the reason "cheating"
    When the server is stopped
    Then peer "bob" ended with a Disconnected event followed by a removal notice
    And peer "carol" has exactly 1 Disconnected event, followed by a removal notice

  @REF-6
  Scenario: Transport activity on a session that is not live resumes it
    Given peer "alice" has connected and logged in
    When 6 seconds pass and the server evaluates its sessions until they settle
    Then peer "alice" is in one of the states TimedOut, ReconnectPending, Reconnecting
    When peer "alice" sends a message of type 256 with payload "back"
    Then peer "alice" is in state TransportConnected

  @REF-7
  Scenario: One evaluation applies every rule that is due
    Given the server is restarted with heartbeat interval 2000 ms, timeout 6000 ms, reconnect delay 0 ms and auto-reconnect on
    And peer "alice" has connected and logged in
    When 6 seconds pass and the server evaluates its sessions
    Then peer "alice" is in state Reconnecting
    And the events of peer "alice" end with TimedOut, ReconnectScheduled, ReconnectStarted

  @REF-8
  Scenario Outline: An invalid policy value is rejected with an error naming it
    When a server is started with <field> set to <value>
    Then the start is rejected naming the field "<field>"
    And no transport was started
    And no server is running

    Examples:
      | field               | value |
      | heartbeatIntervalMs | 0     |
      | heartbeatTimeoutMs  | 0     |
      | heartbeatTimeoutMs  | -1    |
      | reconnectDelayMs    | -1    |

  @REF-8
  Scenario: Without a policy the defaults apply: a 6 second timeout, a 1 second reconnect delay, auto-reconnect
    Given the server is restarted without a policy
    And peer "alice" has connected and logged in
    When 5999 ms pass and the server evaluates its sessions until they settle
    Then peer "alice" is in state LoggedIn
    When 1 ms passes and the server evaluates its sessions until they settle
    Then peer "alice" is in state ReconnectPending
    When 999 ms pass and the server evaluates its sessions until they settle
    Then peer "alice" is in state ReconnectPending
    When 1 ms passes and the server evaluates its sessions until they settle
    Then peer "alice" is in state Reconnecting

  @REF-8 @requires-client
  Scenario: Without a policy a client's heartbeat interval is 2 seconds
    Given a client runtime named "alice" without a policy starts against the server
    And the client logs in
    When 100 ms pass
    And the client sends a heartbeat
    And 1999 ms pass
    Then no heartbeat is due for the client
    When 1 ms passes
    Then a heartbeat is due for the client

  @REF-9
  Scenario Outline: Ports are validated before anything starts, naming the field
    When a server is started with <field> set to <value>
    Then the start is rejected naming the field "<field>"
    And no transport was started
    And no server is running

    Examples:
      | field        | value |
      | reliablePort | 70000 |
      | reliablePort | -1    |
      | syncPort     | 65536 |
      | syncPort     | 7000  |

  @REF-10
  Scenario Outline: A session that left the live states is evicted when its resume window ends
    (That a live session is never evicted is normative: see the MSL-2 scenarios.)
    Given <origin> ms pass
    And the server is restarted keeping sessions that left the live states for 30 seconds before evicting them
    And peer "alice" has connected and logged in
    And peer "bob" has connected and logged in
    When 35999 ms pass while peer "bob" sends a heartbeat every second, the server evaluating each time
    Then peer "alice" is in one of the states TimedOut, ReconnectPending, Reconnecting
    When 1 ms passes and the server evaluates its sessions until they settle
    Then looking up peer "alice" finds no session
    And the last event of peer "alice" is Disconnected with a reason
    And peer "bob" is in state LoggedIn

    Examples:
      | origin           |
      | 0                |
      | 9007199251140991 |

  @REF-10
  Scenario: A session whose login failed is kept for its resume window, counted from the failure, then evicted
    Given the server is restarted keeping sessions that left the live states for 30 seconds before evicting them
    And peer "bob" has connected and logged in
    And peer "alice" connects
    And 5 seconds pass
    When peer "alice" fails to log in because "banned"
    And 29999 ms pass while peer "bob" sends a heartbeat every second, the server evaluating each time
    Then peer "alice" is in state LoginFailed
    When 1 ms passes and the server evaluates its sessions until they settle
    Then looking up peer "alice" finds no session
    And the last event of peer "alice" is Disconnected with a reason

  @REF-11
  Scenario: An input that is illegal in the current state is ignored, not published
    Given peer "alice" has connected and logged in
    When peer "alice" starts logging in
    Then peer "alice" is in state LoggedIn
    And the last event of peer "alice" is LoginSucceeded from LoginPending to LoggedIn
    And no event of peer "alice" goes from a state to the same state, other than a heartbeat

  @REF-12
  Scenario: The last server-tick sample wins
    Given peer "alice" has connected and logged in
    When the server receives a heartbeat from peer "alice" with server tick 500
    And the server receives a heartbeat from peer "alice" with server tick 300
    Then peer "alice" has last server tick 300

  @REF-13
  Scenario: A disconnect keeps the session, in Disconnected, until it is removed
    Given peer "alice" has connected and logged in
    And peer "bob" connects
    When peer "alice" disconnects
    Then peer "alice" is in state Disconnected
    And the server has 2 managed sessions
    When the server removes peer "alice" because "gone"
    Then looking up peer "alice" finds no session

  @REF-14 @requires-admission
  Scenario: A host limit on peers refuses new peers with a reason the peer can read
    Given the server is restarted with a limit of 1 peer
    When peer "alice" connects
    And peer "bob" connects
    Then peer "bob" has no session
    And the refusal of peer "bob" gives a reason

  @REF-14 @requires-admission
  Scenario: A peer limit below 1 is rejected naming it
    When a server is started with maxPeers set to 0
    Then the start is rejected naming the field "maxPeers"
    And no server is running
