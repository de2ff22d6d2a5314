Feature: Server runtime entry point
  The upstream "server-runtime-entry-point" capability: a validated configuration becomes a started
  host, a failed start rolls back every resource that began initializing, shutdown is safe to
  repeat, and the runtime handle drives the host. Scenario titles marked upstream are its own.

  @SRE-1
  Scenario: Start server runtime with reliable transport only
    Given a server started through its runtime entry point with the default policy
    Then the server is running
    And the hosted server exposes its multi-session coordinator
    And the reliable lane was started once and is running
    And there is no sync lane

  @SRE-1 @requires-sync-lane
  Scenario: Start server runtime with reliable and sync transports
    Given a server started through its runtime entry point with a sync lane
    Then the server is running
    And the reliable lane was started once and is running
    And the sync lane was started once and is running

  @SRE-1
  Scenario Outline: An invalid configuration never yields a running server
    When a server is started with <field> set to <value>
    Then the start fails
    And no server is running
    And no lane is running

    Examples:
      | field        | value |
      | reliablePort | -1    |
      | syncPort     | -1    |

  @SRE-2 @requires-sync-lane @requires-transport-faults
  Scenario: Startup failure rolls back started resources
    When a server is started with a sync lane whose transport fails to start
    Then the start fails with the implementation's own failure, not a configuration rejection
    And no server is running
    And the reliable lane was started once and stopped once and is not running
    And the sync lane was started once and stopped once and is not running

  @SRE-2
  Scenario: Repeated shutdown is safe
    Given a server started through its runtime entry point with the default policy
    And peer "alice" has connected and logged in
    And peer "bob" connects
    When the server is stopped
    And the server is stopped
    Then the server is not running
    And the server has 0 managed sessions
    And the reliable lane was stopped and is not running

  @SRE-2 @requires-sync-lane
  Scenario: Repeated shutdown stops both lanes
    Given a server started through its runtime entry point with a sync lane
    When the server is stopped
    And the server is stopped
    Then the server is not running
    And the reliable lane was stopped and is not running
    And the sync lane was stopped and is not running

  @SRE-3 @requires-messages @requires-queued-dispatch
  Scenario: Host process drives the shared server lifecycle through the runtime handle
    Given a server started through its runtime entry point with queued dispatch handling message type 300
    And peer "alice" has connected and logged in
    When peer "alice" sends a message of type 300 with payload "a"
    And the host drains its message queue
    And 7 seconds pass and the server evaluates its sessions until they settle
    Then the server handled a message of type 300 with payload "a" from peer "alice"
    And peer "alice" is in one of the states TimedOut, ReconnectPending, Reconnecting
    And the events of each peer form a chain in which every previous state is the prior current state
    When the server is stopped
    Then the server has 0 managed sessions

  @SRE-3
  Scenario: A second start while the server runs fails and leaves the running host as it was
    Given a server started through its runtime entry point with the default policy
    And peer "alice" has connected and logged in
    When a second server is started with the default policy
    Then the start fails with the implementation's own failure, not a configuration rejection
    And the server is running
    And the reliable lane was started once and is running
    And peer "alice" is in state LoggedIn
