package dev.portablesession.internal.filter;

import dev.portablesession.internal.event.StoreCall;
import dev.portablesession.internal.filter.SessionFacade.Pending;
import dev.portablesession.internal.session.SessionChanges;
import dev.portablesession.internal.session.SessionLock;
import dev.portablesession.internal.session.StoredSession;
import dev.portablesession.internal.store.LockAttempt;
import dev.portablesession.internal.store.SaveOutcome;
import dev.portablesession.internal.store.SessionStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Every store call of one request, decided and made here and nowhere else. What a request sends,
 * and when:
 *
 * <ul>
 *   <li><b>Load</b> ({@link #load}), when the application first needs the session of the id the
 *       client presented: one load-and-touch, or with {@code lock.mode=exclusive} lock-and-load,
 *       repeated while another request holds the lock.
 *   <li><b>Save</b> ({@link #save}), at each save point: just before the response commits, at the
 *       end of every dispatch, and when async processing ends. It writes at most one of:
 *       <ul>
 *         <li>delete, when the session was invalidated and is stored (fenced like a save: a
 *             request that lost its lock cannot delete the next holder's session);
 *         <li>create, when the session is new;
 *         <li>change id, when {@code changeSessionId} was called since the last save;
 *         <li>save, when attributes or the max inactive interval changed, or the request ends
 *             holding the lock (the save then also releases it);
 *       </ul>
 *       and nothing when nothing changed.
 * </ul>
 *
 * <p>The lock is a {@link SessionLock} state: none, held with the fencing token of its
 * acquisition, or lost. Writes to the locked session carry the token; once the store refuses one
 * ({@link SaveOutcome#FENCED}) the lock is lost and no later call of this request writes
 * anything, so a request that outlived its lease can never overwrite the next holder's work; a
 * later save that had something to write throws again, so the request cannot end as if its
 * changes were kept.
 *
 * <p>Used under the monitor of the request's {@link RequestSessionState}.
 */
final class SessionWriter {

    private final SessionManager manager;
    private final SessionStore store;
    private final String requestUri;
    private final boolean locks;
    /** Synchronized: a deferred attribute is fetched by whichever thread reads it. */
    private final List<StoreCall> storeCalls = Collections.synchronizedList(new ArrayList<>());
    private SessionLock lock = SessionLock.NONE;
    /** The id {@link #lock} was taken on; writes to other ids (a new session) are not fenced. */
    private String lockedId;

    SessionWriter(SessionManager manager, String requestUri, boolean locks) {
        this.manager = manager;
        this.store = manager.store();
        this.requestUri = requestUri;
        this.locks = locks;
    }

    /** Every store call this request made so far, in order. */
    List<StoreCall> storeCalls() {
        synchronized (storeCalls) {
            return List.copyOf(storeCalls);
        }
    }

    /** The lock this request holds on its session now. */
    SessionLock lock() {
        return lock;
    }

    /**
     * The stored session with this id, marked accessed (and locked, when this request takes the
     * lock), or null when there is none.
     *
     * @throws SessionBusyException when the lock stays taken past {@code lock.wait-timeout}
     */
    SessionFacade load(String id) {
        return MonitoredStore.recording(storeCalls, () -> loadNow(id));
    }

    private SessionFacade loadNow(String id) {
        Optional<StoredSession> stored;
        if (locks) {
            LockAttempt attempt = manager.locking().lockAndLoad(id);
            stored = attempt.session();
            if (stored.isPresent()) {
                lock = attempt.lock();
                lockedId = id;
            }
        } else {
            stored = store.load(id, System.currentTimeMillis());
        }
        if (stored.isEmpty()) {
            manager.events().sessionNotFound(requestUri);
            return null;
        }
        return SessionFacade.loaded(manager, stored.get(), this::fetch);
    }

    /** An attribute the load deferred, when the application reads it: one more store call of this request. */
    private Optional<byte[]> fetch(String storedId, String name) {
        return MonitoredStore.recording(storeCalls, () -> store.attribute(storedId, name));
    }

    /**
     * Writes what {@code session} changed since the last save.
     *
     * @param committing whether the response is committing: see {@link SessionFacade#written}
     * @param last whether the request is done (its async processing included): a held lock is released
     * @throws SessionLockLostException when the store refused the write because the lock was lost
     */
    void save(SessionFacade session, boolean committing, boolean last) {
        MonitoredStore.recording(storeCalls, () -> {
            saveNow(session, committing, last);
            return null;
        });
    }

    private void saveNow(SessionFacade session, boolean committing, boolean last) {
        if (lock.allowsWrites()) {
            session.beforeSave();
        }
        // The monitor spans asking, writing and recording, so a change made meanwhile is never marked saved.
        synchronized (session) {
            Pending pending = session.pending();
            if (!lock.allowsWrites()) {
                if (owesWrites(pending)) {
                    throw lockLost(pending.storedId());
                }
                return;
            }
            switch (pending.stage()) {
                case INVALIDATED -> delete(session, pending);
                case NEW -> {
                    if (!session.withheld()) {
                        store.create(pending.whole());
                        session.written(pending, committing);
                    }
                }
                case STORED -> write(session, pending, committing, last);
                case GONE -> {
                    // Deleted earlier in this request, or found gone by an earlier save: nothing to write.
                }
            }
        }
        if (last && lock instanceof SessionLock.Held) {
            // Released by the save above, or with the key when it was deleted, moved or found gone.
            lock = SessionLock.NONE;
        }
    }

    private void delete(SessionFacade session, Pending pending) {
        if (pending.storedId() != null) {
            boolean fenced = holdsLockOn(pending.storedId());
            if (store.delete(pending.storedId(), fenced ? lock : SessionLock.NONE) == SaveOutcome.FENCED) {
                throw losesLock(pending.storedId());
            }
            if (fenced) {
                // The lock key goes with the session.
                lock = SessionLock.NONE;
            }
        }
        session.written(pending, false);
    }

    private void write(SessionFacade session, Pending pending, boolean committing, boolean last) {
        boolean fenced = holdsLockOn(pending.storedId());
        SessionLock under = fenced ? lock : SessionLock.NONE;
        boolean moves = !pending.storedId().equals(pending.changes().id());
        SessionChanges changes = pending.changes().under(under, fenced && last && !moves);
        SaveOutcome outcome;
        if (moves) {
            outcome = store.changeId(pending.storedId(), changes);
        } else if (changes.isEmpty()) {
            // Nothing to send; the session still learns that the store is up to date.
            outcome = SaveOutcome.SAVED;
        } else {
            outcome = store.save(changes);
        }
        switch (outcome) {
            case SAVED -> {
                session.written(pending, committing);
                if (moves && fenced) {
                    // The lock stays with the old id, which no longer exists; the new id starts unlocked.
                    lock = SessionLock.NONE;
                }
            }
            case GONE -> session.gone();
            case FENCED -> throw losesLock(pending.storedId());
        }
    }

    /** Whether this request's writes to {@code storedId} carry its fencing token. */
    private boolean holdsLockOn(String storedId) {
        return lock instanceof SessionLock.Held && storedId.equals(lockedId);
    }

    /** The store refused a write under the lock: from now on this request writes nothing. */
    private SessionLockLostException losesLock(String storedId) {
        lock = SessionLock.LOST;
        manager.events().lockLost(storedId, requestUri);
        return lockLost(storedId);
    }

    /** Whether a save of {@code pending} would write anything. */
    private static boolean owesWrites(Pending pending) {
        return switch (pending.stage()) {
            case NEW -> true;
            case INVALIDATED -> pending.storedId() != null;
            case STORED -> !pending.changes().isEmpty() || !pending.storedId().equals(pending.changes().id());
            case GONE -> false;
        };
    }

    private SessionLockLostException lockLost(String id) {
        return new SessionLockLostException("the changes " + requestUri + " made to session " + SessionFacade.abbreviated(id)
                + " were discarded: the request outlived its lock.lease and another request holds the session lock now");
    }
}
