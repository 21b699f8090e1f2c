package io.camelstable.buffer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Named transactions, by the name the log records. Names are chosen by the application, never taken from a
 * Java method or lambda (which a refactoring renames and a lambda does not have; the seed's replay relied on
 * JavaScript function names, SPEC §4.2 #25). Immutable; two registries are equal when they map the same names
 * to the same objects.
 */
public final class TransactionRegistry {

    /** No transactions. */
    public static final TransactionRegistry EMPTY = new TransactionRegistry(Map.of());

    private final Map<String, NamedTransaction> transactions;

    private TransactionRegistry(Map<String, NamedTransaction> transactions) {
        this.transactions = transactions;
    }

    /**
     * @param  transactions             by name
     * @return                          a registry of them
     * @throws IllegalArgumentException for a blank name or a null transaction
     */
    public static TransactionRegistry of(Map<String, ? extends NamedTransaction> transactions) {
        Map<String, NamedTransaction> copy = new LinkedHashMap<>();
        transactions.forEach((name, tx) -> {
            if (name == null || name.isBlank() || tx == null) {
                throw new IllegalArgumentException("A named transaction needs a name and a transaction, got '" + name + "'");
            }
            copy.put(name, tx);
        });
        return new TransactionRegistry(Map.copyOf(copy));
    }

    /**
     * @param  name                     the name the log will record
     * @param  transaction              the code it names
     * @return                          a registry with this one added
     * @throws IllegalArgumentException when the name is taken by another transaction
     */
    public TransactionRegistry with(String name, NamedTransaction transaction) {
        NamedTransaction existing = transactions.get(name);
        if (existing != null && existing != transaction) {
            throw new IllegalArgumentException("The transaction name '" + name + "' is already registered");
        }
        Map<String, NamedTransaction> copy = new LinkedHashMap<>(transactions);
        copy.put(name, transaction);
        return of(copy);
    }

    /** @return the transaction of that name, or null */
    public NamedTransaction get(String name) {
        return name == null ? null : transactions.get(name);
    }

    /** @return the registered names */
    public Set<String> names() {
        return transactions.keySet();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransactionRegistry other && other.transactions.equals(transactions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(transactions);
    }

    @Override
    public String toString() {
        return "TransactionRegistry" + new java.util.TreeSet<>(transactions.keySet());
    }
}
