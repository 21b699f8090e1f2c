package io.camelstable.infinispan;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

import org.jgroups.protocols.SYM_ENCRYPT;

/**
 * A cluster's shared secret, turned into the AES key of JGroups' {@code SYM_ENCRYPT}: every message above
 * discovery is encrypted, so a node with another secret cannot read a join request's answer and cannot join.
 * The secret is never logged or kept: only the derived key stays, inside the protocol.
 */
public final class ClusterSecret {

    private static final int ITERATIONS = 210_000;

    private ClusterSecret() {
    }

    /**
     * @param  secret      the shared secret (for example from a Camel property); cleared after use
     * @param  clusterName the cluster's name, the salt: one secret gives each cluster its own key
     * @return             the protocol, to place below NAKACK2 in the stack
     */
    public static SYM_ENCRYPT encryption(char[] secret, String clusterName) {
        return new SYM_ENCRYPT().setSecretKey(keyOf(secret, clusterName));
    }

    static SecretKey keyOf(char[] secret, String clusterName) {
        PBEKeySpec spec = new PBEKeySpec(secret, clusterName.getBytes(StandardCharsets.UTF_8), ITERATIONS, 256);
        try {
            byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            return new SecretKeySpec(key, "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot derive the cluster key (PBKDF2WithHmacSHA256): " + e.getMessage(), e);
        } finally {
            spec.clearPassword();
            Arrays.fill(secret, '\0');
        }
    }
}
