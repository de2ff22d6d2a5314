Feature: Shared network foundation
  The upstream "shared-network-foundation" capability: one host-agnostic core for client and
  server, host-provided dispatch, one envelope on both lanes, session orchestration composed into
  the runtime, and a reliable lane with an optional sync lane. Scenario titles marked upstream are
  its own ("Unity" there stands for any engine-specific host).

  @SNF-1 @requires-client @requires-messages
  Scenario: Client host uses shared network core
    Given a server started through its runtime entry point handling message types 300, 301
    And a client runtime named "alice" handling message type 301 starts against the server
    Then the client session is in one of the states TransportConnected, LoginPending
    When the client sends a message of type 300 with payload "hello"
    Then the server handled a message of type 300 with payload "hello" from peer "alice"
    When the server sends peer "alice" a message of type 301 with payload "welcome"
    Then the client handled a message of type 301 with payload "welcome"

  @SNF-1 @requires-messages
  Scenario: Server host can use the same core without Unity types
    Given a server started through its runtime entry point handling message types 300
    And peer "alice" connects
    And peer "bob" connects
    When peer "alice" sends a message of type 300 with payload "left"
    And peer "bob" sends a message of type 300 with payload "right"
    Then the server handled a message of type 300 with payload "left" from peer "alice"
    And the server handled a message of type 300 with payload "right" from peer "bob"

  @SNF-2 @requires-messages
  Scenario: Server host injects a non-Unity dispatch strategy
    Given a server started through its runtime entry point handling message types 300
    And peer "alice" connects
    When peer "alice" sends a message of type 300 with payload "move"
    Then the server handled a message of type 300 with payload "move" from peer "alice"

  @SNF-2 @requires-messages @requires-queued-dispatch
  Scenario: A queued dispatcher runs handlers only when the host's own loop drains it
    Given a server started through its runtime entry point with queued dispatch handling message type 300
    And peer "alice" connects
    When peer "alice" sends a message of type 300 with payload "move"
    And peer "alice" sends a message of type 300 with payload "jump"
    Then the server has handled 0 messages
    When the host drains its message queue
    Then the drain ran 2 handlers
    And the server handled a message of type 300 with payload "move" from peer "alice"
    And the server handled a message of type 300 with payload "jump" from peer "alice"

  @SNF-3 @requires-client @requires-sync-lane @requires-messages
  Scenario: Shared runtime starts distinct reliable and sync transports
    Given a server started through its runtime entry point with a sync lane, handling message types 300, 301
    And a client runtime named "alice" starts against the server
    When the client sends a message of type 300 with payload "pos" on the sync lane
    And the client sends a message of type 301 with payload "chat"
    Then the sync lane received 1 frame
    And the reliable lane received 1 frame
    When the client runtime stops
    Then the client session is in state Disconnected
    And peer "alice" has no session or is in state Disconnected

  @SNF-3 @requires-sync-lane @requires-messages
  Scenario: Server host composes both transport lanes without protocol forks
    Given a server started through its runtime entry point with a sync lane, handling message types 300, 301
    And peer "alice" has connected and logged in
    When 5 seconds pass
    And peer "alice" sends a message of type 300 with payload "pos" on the sync lane
    And 5 seconds pass and the server evaluates its sessions until they settle
    Then peer "alice" is in state LoggedIn
    When peer "alice" sends a message of type 301 with payload "pos"
    Then the sync lane received 1 frame
    And the reliable lane received 1 frame
    And the server handled a message of type 300 with payload "pos" from peer "alice"
    And the server handled a message of type 301 with payload "pos" from peer "alice"

  @SNF-3 @requires-client @requires-messages
  Scenario: Shared hosts exchange the same envelope format across delivery lanes
    Given a server started through its runtime entry point handling message types 300, 301
    And a client runtime named "alice" starts against the server
    When the client sends a message of type 300 with payload "same" on the sync lane
    And the client sends a message of type 301 with payload "same"
    Then the server handled a message of type 300 with payload "same" from peer "alice"
    And the server handled a message of type 301 with payload "same" from peer "alice"
    And the server has handled 2 messages

  @SNF-4 @requires-client
  Scenario: Client host composes runtime with single-session lifecycle manager
    Given a server started through its runtime entry point with the default policy
    When a client runtime named "alice" starts against the server
    Then the client session is in one of the states TransportConnected, LoginPending
    And the first client event comes from the state Disconnected
    When the client logs in
    Then the client session is in state LoggedIn
    When the client runtime stops
    Then the client session is in state Disconnected
    And the last client event is Disconnected

  @SNF-4 @requires-admission
  Scenario: Server host composes shared foundation with multi-session orchestration
    Given a server started through its runtime entry point with the default policy
    And peer "alice" has connected and logged in
    And peer "bob" has connected and logged in
    When the server removes peer "bob" because "kicked"
    Then the host's cleanup ran for peer "bob"
    And the host's cleanup did not run for peer "alice"
    And peer "bob" has no session or is in state Disconnected

  @SNF-5 @requires-sync-lane @requires-messages
  Scenario: Integration receives both transports
    Given a server started through its runtime entry point with a sync lane, handling message types 300
    Then the reliable lane and the sync lane are running
    When peer "alice" connects
    And peer "alice" sends a message of type 300 with payload "pos" on the sync lane
    Then the sync lane received 1 frame
    And the server handled a message of type 300 with payload "pos" from peer "alice"
    When the server is stopped
    Then the reliable lane was stopped and is not running
    And the sync lane was stopped and is not running

  @SNF-5 @requires-messages
  Scenario: Integration receives only one transport
    Given a server started through its runtime entry point handling message types 300
    Then the server is running
    And there is no sync lane
    When peer "alice" connects
    And peer "alice" sends a message of type 300 with payload "pos" on the sync lane
    Then the reliable lane received 1 frame
    And the server handled a message of type 300 with payload "pos" from peer "alice"

  @SNF-5 @requires-client @requires-messages
  Scenario: A client with only a reliable transport sends its sync traffic on it
    Given a server started through its runtime entry point handling message types 300
    And a client runtime named "alice" starts against the server
    When the client sends a message of type 300 with payload "pos" on the sync lane
    Then the reliable lane received 1 frame
    And the server handled a message of type 300 with payload "pos" from peer "alice"
