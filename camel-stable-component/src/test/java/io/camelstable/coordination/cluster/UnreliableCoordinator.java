package io.camelstable.coordination.cluster;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.camelstable.coordination.Coordinator;

/**
 * A real coordinator whose election calls fail while {@link #failing} is set, in turn: thrown at once, completed
 * exceptionally, never completed. Everything else goes to the real coordinator.
 */
final class UnreliableCoordinator {

    private static final Set<String> ELECTION_CALLS = Set.of("campaign", "resign", "getLeader", "onLeadershipChange");

    volatile boolean failing;
    final AtomicInteger campaigns = new AtomicInteger();
    final AtomicInteger failedCalls = new AtomicInteger();
    final Coordinator coordinator;

    UnreliableCoordinator(Coordinator real) {
        coordinator = (Coordinator) Proxy.newProxyInstance(Coordinator.class.getClassLoader(),
                new Class<?>[] { Coordinator.class }, (proxy, method, args) -> call(real, method, args));
    }

    private Object call(Coordinator real, Method method, Object[] args) throws Throwable {
        if (method.getName().equals("campaign")) {
            campaigns.incrementAndGet();
        }
        if (failing && ELECTION_CALLS.contains(method.getName())) {
            int n = failedCalls.getAndIncrement();
            if (n % 3 == 0 || method.getReturnType() != CompletableFuture.class) {
                throw new IllegalStateException("coordinator unavailable (thrown)");
            }
            return n % 3 == 1
                    ? CompletableFuture.failedFuture(new IllegalStateException("coordinator unavailable (failed)"))
                    : new CompletableFuture<>(); // never answers
        }
        try {
            return method.invoke(real, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
