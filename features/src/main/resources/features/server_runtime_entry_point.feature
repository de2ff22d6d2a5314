Feature: Server runtime entry point
  Validated configuration, all-or-nothing startup, idempotent shutdown, and a handle that drives
  the host.

  @SRE-1
  Scenario Outline: Invalid ports are rejected by name before anything starts
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

  @SRE-2
  Scenario: A reliable-only server starts its one transport
    Given a server started through its runtime entry point with the default policy
    Then the server is running
    And the reliable lane was started once and is running
    And there is no sync lane

  @SRE-2 @requires-sync-lane
  Scenario: A server with both ports starts both transports before reporting success
    Given a server started through its runtime entry point with a sync lane
    Then the server is running
    And the reliable lane was started once and is running
    And the sync lane was started once and is running

  @SRE-3 @requires-sync-lane @requires-transport-faults
  Scenario: A sync transport that fails to start rolls the reliable one back
    When a server is started with a sync lane whose transport fails to start
    Then the start fails with the implementation's own failure, not a configuration rejection
    And no server is running
    And the reliable lane was started once and stopped once and is not running

  @SRE-4
  Scenario: Stopping twice is safe and stops each transport once
    Given a server started through its runtime entry point with the default policy
    And peer "alice" has connected and logged in
    When the server is stopped
    And the server is stopped
    Then the server is not running
    And the server has 0 managed sessions
    And the reliable lane was started once and stopped once and is not running

  @SRE-4 @requires-sync-lane
  Scenario: Stopping twice stops both lanes exactly once
    Given a server started through its runtime entry point with a sync lane
    When the server is stopped
    And the server is stopped
    Then the reliable lane and the sync lane were each stopped once

  @SRE-5 @requires-messages @requires-queued-dispatch
  Scenario: The runtime handle drives draining, lifecycle updates and shutdown
    Given a server started through its runtime entry point with queued dispatch handling message type 300
    And peer "alice" has connected and logged in
    When peer "alice" sends a message of type 300 with payload "a"
    And the host drains its message queue
    And 6 seconds pass and the server evaluates its sessions
    Then the server handled a message of type 300 with payload "a" from peer "alice"
    And peer "alice" is in state ReconnectPending
    And the events of each peer form a chain in which every previous state is the prior current state
    When the server is stopped
    Then the server has 0 managed sessions
