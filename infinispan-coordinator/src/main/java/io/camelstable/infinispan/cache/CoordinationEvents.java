package io.camelstable.infinispan.cache;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.infinispan.notifications.Listener;
import org.infinispan.notifications.cachelistener.annotation.CacheEntryCreated;
import org.infinispan.notifications.cachelistener.annotation.CacheEntryExpired;
import org.infinispan.notifications.cachelistener.annotation.CacheEntryModified;
import org.infinispan.notifications.cachelistener.annotation.CacheEntryRemoved;
import org.infinispan.notifications.cachelistener.event.CacheEntryCreatedEvent;
import org.infinispan.notifications.cachelistener.event.CacheEntryExpiredEvent;
import org.infinispan.notifications.cachelistener.event.CacheEntryModifiedEvent;
import org.infinispan.notifications.cachelistener.event.CacheEntryRemovedEvent;

/**
 * The default mode's listener on the replicated coordination cache: every node applies every write, so every
 * node hears of each new message, each leader change and each freed lock (released, removed or expired). It only hands the event to one
 * thread of the coordinator's (in order), so Infinispan's threads never run coordinator or user code. Public
 * only because Infinispan requires listeners to be.
 */
@Listener(observation = Listener.Observation.POST)
public final class CoordinationEvents {

    private final Executor events;
    private final CacheLocks locks;
    private final CacheElections elections;
    private final CacheTopics topics;

    CoordinationEvents(Executor events, CacheLocks locks, CacheElections elections, CacheTopics topics) {
        this.events = events;
        this.locks = locks;
        this.elections = elections;
        this.topics = topics;
    }

    /** @param event a new entry */
    @CacheEntryCreated
    public void created(CacheEntryCreatedEvent<String, String> event) {
        written(event.getKey(), event.getValue());
    }

    /** @param event a changed entry */
    @CacheEntryModified
    public void modified(CacheEntryModifiedEvent<String, String> event) {
        written(event.getKey(), event.getNewValue());
    }

    /** @param event a removed entry, with its last value */
    @CacheEntryRemoved
    public void removed(CacheEntryRemovedEvent<String, String> event) {
        gone(event.getKey(), event.getOldValue());
    }

    /** @param event an expired entry, with its last value */
    @CacheEntryExpired
    public void expired(CacheEntryExpiredEvent<String, String> event) {
        gone(event.getKey(), event.getValue());
    }

    private void written(String key, String value) {
        if (value == null) {
            return;
        }
        if (key.startsWith(CacheTopics.PREFIX)) {
            run(() -> topics.published(value));
        } else if (key.startsWith(CacheElections.PREFIX)) {
            run(() -> elections.written(key.substring(CacheElections.PREFIX.length()), value));
        } else if (key.startsWith(CacheLocks.PREFIX)) {
            String lock = key.substring(CacheLocks.PREFIX.length());
            // most lock writes have no waiter here: skip the hand-off (a waiter added after this check reads the
            // entry after it, since POST events come after the write is applied here)
            if (locks.hasWaiters(lock)) {
                run(() -> {
                    if (CacheLocks.isFree(value)) {
                        locks.freed(lock);
                    }
                });
            }
        }
    }

    private void gone(String key, String value) {
        if (key.startsWith(CacheLocks.PREFIX)) {
            run(() -> locks.freed(key.substring(CacheLocks.PREFIX.length())));
        } else if (key.startsWith(CacheElections.PREFIX)) {
            run(() -> elections.removed(key.substring(CacheElections.PREFIX.length()), value));
        }
    }

    private void run(Runnable task) {
        try {
            events.execute(task);
        } catch (RejectedExecutionException closed) {
            // the coordinator is closed: nothing here listens any more
        }
    }
}
