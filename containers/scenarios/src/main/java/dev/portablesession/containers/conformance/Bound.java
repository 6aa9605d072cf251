package dev.portablesession.containers.conformance;

import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import java.io.Serializable;
import java.util.Objects;

/** An attribute value that hears its binding; equal by label, as a value object is. */
public class Bound implements HttpSessionBindingListener, Serializable {

    private static final long serialVersionUID = 1L;

    private String label;

    /** For the JSON codec. */
    public Bound() {
    }

    Bound(String label) {
        this.label = label;
    }

    public String getLabel() {
        return label;
    }

    public void setLabel(String label) {
        this.label = label;
    }

    @Override
    public void valueBound(HttpSessionBindingEvent event) {
        EventLog.add("bound " + label + " as " + event.getName());
    }

    @Override
    public void valueUnbound(HttpSessionBindingEvent event) {
        EventLog.add("unbound " + label + " as " + event.getName());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Bound bound && Objects.equals(label, bound.label) && other.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(label);
    }

    @Override
    public String toString() {
        return "Bound(" + label + ")";
    }
}
