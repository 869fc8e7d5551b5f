package io.switchboard.agent;

/** An agent event that cannot be read; it goes to the dead-letter topic with this message as the reason. */
public class MalformedAgentEventException extends Exception {

    public MalformedAgentEventException(String message) {
        super(message);
    }
}
