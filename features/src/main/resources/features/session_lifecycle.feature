Feature: Per-session lifecycle vocabulary and rules
  The network-session-lifecycle rules, applied to each managed session of a server and, where the
  implementation has one, to a client runtime's session.

  Background:
    Given a server started through its runtime entry point with the default policy

  @NSL-1
  Scenario: A session moves through the whole vocabulary and every event carries its states, time and reason
    When peer "alice" connects
    And 10 ms pass
    And peer "alice" fails to log in because "bad token"
    And peer "alice" logs in
    And the server receives a heartbeat from peer "alice"
    And 6 seconds pass and the server evaluates its sessions
    And 1 second passes and the server evaluates its sessions
    And peer "alice" disconnects
    And peer "alice" connects
    Then the events of peer "alice" are:
      | kind               | previous           | current            |
      | TransportConnected | Disconnected       | TransportConnected |
      | LoginStarted       | TransportConnected | LoginPending       |
      | LoginFailed        | LoginPending       | LoginFailed        |
      | LoginStarted       | LoginFailed        | LoginPending       |
      | LoginSucceeded     | LoginPending       | LoggedIn           |
      | HeartbeatReceived  | LoggedIn           | LoggedIn           |
      | TimedOut           | LoggedIn           | TimedOut           |
      | ReconnectScheduled | TimedOut           | ReconnectPending   |
      | ReconnectStarted   | ReconnectPending   | Reconnecting       |
      | Disconnected       | Reconnecting       | Disconnected       |
      | TransportConnected | Disconnected       | TransportConnected |
    And the LoginFailed event of peer "alice" has the reason "bad token" and time 10
    And the TimedOut event of peer "alice" has a reason
    And the Disconnected event of peer "alice" has a reason

  @NSL-2
  Scenario: A transport connection is not a login
    When peer "alice" connects
    Then peer "alice" is in state TransportConnected
    When the server is told the login of peer "alice" succeeded without it having started
    Then peer "alice" is in state TransportConnected
    When peer "alice" starts logging in
    Then peer "alice" is in state LoginPending
    And no event of peer "alice" is LoginSucceeded

  @NSL-3
  Scenario: A login success is its own event
    Given peer "alice" connects
    And peer "alice" starts logging in
    When the login of peer "alice" succeeds
    Then peer "alice" is in state LoggedIn
    And the last event of peer "alice" is LoginSucceeded from LoginPending to LoggedIn

  @NSL-4
  Scenario: A login failure is reported with its reason, not as a disconnect or a timeout
    Given the server is restarted keeping sessions that left the live states for 300 seconds before evicting them
    And peer "alice" connects
    When peer "alice" fails to log in because "account locked"
    And 60 seconds pass and the server evaluates its sessions
    Then peer "alice" is in state LoginFailed with failure reason "account locked"
    And no event of peer "alice" is Disconnected
    And no event of peer "alice" is TimedOut

  @NSL-5
  Scenario: A heartbeat refreshes liveness without touching login state
    Given peer "alice" has connected and logged in
    When 5 seconds pass
    And the server receives a heartbeat from peer "alice" with server tick 4242
    And 5 seconds pass and the server evaluates its sessions
    Then peer "alice" is in state LoggedIn
    And the session of peer "alice" has last server tick 4242
    And every heartbeat event of peer "alice" keeps the state LoggedIn

  @NSL-5 @requires-client
  Scenario: A client heartbeat answer sets the RTT and server tick, and heartbeats are due only when logged in
    Given a client runtime named "alice" starts against the server
    When 3 seconds pass
    Then no heartbeat is due for the client
    When the client logs in
    And 1999 ms pass
    Then no heartbeat is due for the client
    When 1 ms passes
    Then a heartbeat is due for the client
    When the client sends a heartbeat
    Then no heartbeat is due for the client
    When 40 ms pass
    And the client receives a heartbeat answer with server tick 9000
    Then the client session has RTT 40 ms and last server tick 9000
    And the client session is in state LoggedIn

  @NSL-5 @requires-client
  Scenario: A client cannot send a heartbeat before it is logged in
    Given a client runtime named "alice" starts against the server
    When the client tries to send a heartbeat
    Then the client session is in state TransportConnected
    And no client event is HeartbeatSent

  @NSL-6
  Scenario: Silence for the heartbeat timeout times a session out, with a reason
    Given the server is restarted with heartbeat interval 2000 ms, timeout 6000 ms, reconnect delay 1000 ms and auto-reconnect off
    And peer "alice" has connected and logged in
    When 5999 ms pass and the server evaluates its sessions
    Then peer "alice" is in state LoggedIn
    When 1 ms passes and the server evaluates its sessions
    Then peer "alice" is in state TimedOut
    And peer "alice" has a failure reason

  @NSL-7
  Scenario: With auto-reconnect a timed-out session is scheduled, then reconnects after the delay
    Given peer "alice" has connected and logged in
    When 6 seconds pass and the server evaluates its sessions
    Then peer "alice" is in state ReconnectPending
    When 999 ms pass and the server evaluates its sessions
    Then peer "alice" is in state ReconnectPending
    When 1 ms passes and the server evaluates its sessions
    Then peer "alice" is in state Reconnecting
    And the events of peer "alice" end with TimedOut, ReconnectScheduled, ReconnectStarted

  @NSL-7
  Scenario: Without auto-reconnect a timed-out session stays timed out
    Given the server is restarted with heartbeat interval 2000 ms, timeout 6000 ms, reconnect delay 1000 ms and auto-reconnect off
    And the server is restarted keeping sessions that left the live states for 300 seconds before evicting them
    And peer "alice" has connected and logged in
    When 6 seconds pass and the server evaluates its sessions
    And 60 seconds pass and the server evaluates its sessions
    Then peer "alice" is in state TimedOut
    And no event of peer "alice" is ReconnectScheduled

  @NSL-8
  Scenario Outline: An invalid policy value is rejected with an error naming it
    When a server is started with <field> set to <value>
    Then the start is rejected naming the field "<field>"
    And no server is running

    Examples:
      | field               | value |
      | heartbeatIntervalMs | 0     |
      | heartbeatTimeoutMs  | 0     |
      | heartbeatTimeoutMs  | -1    |
      | reconnectDelayMs    | -1    |

  @NSL-8
  Scenario: The default policy is a 6 second timeout and a 1 second reconnect delay with auto-reconnect
    Given peer "alice" has connected and logged in
    When 5999 ms pass and the server evaluates its sessions
    Then peer "alice" is in state LoggedIn
    When 1 ms passes and the server evaluates its sessions
    Then peer "alice" is in state ReconnectPending
    When 1 second passes and the server evaluates its sessions
    Then peer "alice" is in state Reconnecting
