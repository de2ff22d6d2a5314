Feature: Shared network foundation
  One transport contract and one envelope for client and server; host-provided dispatch; a
  reliable lane and an optional sync lane.

  @SNF-1 @requires-client
  Scenario: A client runtime reports TransportConnected on start and Disconnected on stop
    Given a server started through its runtime entry point with the default policy
    When a client runtime named "alice" starts against the server
    Then the client session is in state TransportConnected
    And the client events are TransportConnected
    When the client runtime stops
    Then the client session is in state Disconnected
    And the client events are TransportConnected, Disconnected

  @SNF-2 @requires-client @requires-messages
  Scenario: Client and server exchange messages in the same envelope
    Given a server started through its runtime entry point handling message types 300, 301
    And a client runtime named "alice" handling message type 301 starts against the server
    When the client sends a message of type 300 with payload "hello"
    Then the server handled a message of type 300 with payload "hello" from peer "alice"
    When the server sends peer "alice" a message of type 301 with payload "welcome"
    Then the client handled a message of type 301 with payload "welcome"

  @SNF-3 @requires-messages @requires-queued-dispatch
  Scenario: Queued handlers run only when the host drains them
    Given a server started through its runtime entry point with queued dispatch handling message type 300
    And peer "alice" connects
    When peer "alice" sends a message of type 300 with payload "move"
    Then the server has handled 0 messages
    When the host drains its message queue
    Then the server handled a message of type 300 with payload "move" from peer "alice"

  @SNF-3 @requires-messages
  Scenario: Immediate handlers run as the message arrives
    Given a server started through its runtime entry point handling message types 300
    And peer "alice" connects
    When peer "alice" sends a message of type 300 with payload "move"
    Then the server handled a message of type 300 with payload "move" from peer "alice"

  @SNF-4 @requires-sync-lane @requires-messages
  Scenario: Reliable and sync lanes start and stop together
    Given a server started through its runtime entry point with a sync lane, handling message type 300
    Then the reliable lane and the sync lane are running
    When peer "alice" connects
    And peer "alice" sends a message of type 300 with payload "pos" on the sync lane
    Then the sync lane received 1 frame
    And the server handled a message of type 300 with payload "pos" from peer "alice"
    When the server is stopped
    Then the reliable lane and the sync lane were each stopped once

  @SNF-4 @requires-client @requires-messages
  Scenario: Without a sync transport the reliable one serves both lanes
    Given a server started through its runtime entry point handling message types 300
    And a client runtime named "alice" starts against the server
    When the client sends a message of type 300 with payload "pos" on the sync lane
    Then the reliable lane received 1 frame
    And the server handled a message of type 300 with payload "pos" from peer "alice"
