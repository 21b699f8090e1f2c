package io.camelstable.gateway;

/** What a gateway item calls. */
public enum ItemKind {
    /** Any Camel endpoint URI, run as {@code stable:request} runs its delegate. */
    REQUEST,
    /** A registry bean or a Java function, run as {@code stable:function} runs its bean. */
    FUNCTION
}
