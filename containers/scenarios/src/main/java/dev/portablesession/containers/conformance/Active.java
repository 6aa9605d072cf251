package dev.portablesession.containers.conformance;

import jakarta.servlet.http.HttpSessionActivationListener;
import jakarta.servlet.http.HttpSessionEvent;
import java.io.Serializable;
import java.util.Objects;

/** An attribute value that hears the session's activation and passivation. */
public class Active implements HttpSessionActivationListener, Serializable {

    private static final long serialVersionUID = 1L;

    private String label;

    /** For the JSON codec. */
    public Active() {
    }

    Active(String label) {
        this.label = label;
    }

    public String getLabel() {
        return label;
    }

    public void setLabel(String label) {
        this.label = label;
    }

    @Override
    public void sessionWillPassivate(HttpSessionEvent event) {
        EventLog.add("willPassivate " + label);
    }

    @Override
    public void sessionDidActivate(HttpSessionEvent event) {
        EventLog.add("didActivate " + label);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Active active && Objects.equals(label, active.label);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(label);
    }

    @Override
    public String toString() {
        return "Active(" + label + ")";
    }
}
