package dev.peerlife.runtime;

/**
 * Decides whether a player may log in (PRO-4: a host plug-in). Called on a transport thread for
 * each new login (not for a resume with a valid token); answer quickly.
 */
@FunctionalInterface
public interface LoginAuthenticator {

    Admission authenticate(String playerId);

    /** The default: any non-blank player id is accepted. */
    static LoginAuthenticator acceptAny() {
        return playerId -> playerId == null || playerId.isBlank()
                ? Admission.reject("empty player id") : Admission.accept();
    }
}
