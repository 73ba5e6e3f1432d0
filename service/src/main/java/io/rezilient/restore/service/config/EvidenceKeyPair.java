package io.rezilient.restore.service.config;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The evidence signing key pair, checked at start-up: both PEMs must parse as keys of a supported type (Ed25519, or
 * RSA of at least 2048 bits) and the public key must verify a signature made with the private one. The reference
 * only checks that both variables are present, so a typo surfaced when the first evidence was exported.
 * {@link #toString()} never shows key material.
 */
public record EvidenceKeyPair(Algorithm algorithm, PrivateKey privateKey, PublicKey publicKey) {
    /** Key types the evidence signer supports; the names are the evidence contract's {@code signature_algorithm}. */
    public enum Algorithm {
        ED25519("ed25519", "Ed25519", "Ed25519"),
        RSA("rsa-pss-sha256", "RSA", "SHA256withRSA");

        private final String wire;
        private final String keyFactory;
        private final String probeSignature;

        Algorithm(String wire, String keyFactory, String probeSignature) {
            this.wire = wire;
            this.keyFactory = keyFactory;
            this.probeSignature = probeSignature;
        }

        public String wire() {
            return wire;
        }
    }

    private static final int MIN_RSA_BITS = 2048;
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    private static final byte[] PROBE = "rez evidence key pair check".getBytes(StandardCharsets.US_ASCII);

    public EvidenceKeyPair {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(publicKey, "publicKey");
    }

    /**
     * Parses a PKCS#8 {@code PRIVATE KEY} and an SPKI {@code PUBLIC KEY} PEM. Literal {@code \n} sequences count as
     * line breaks, because many env-file tools cannot hold a multi-line value. Messages never quote key material.
     *
     * @throws IllegalArgumentException naming which key is wrong and why
     */
    public static EvidenceKeyPair parse(String privatePem, String publicPem) {
        byte[] privateDer = der(privatePem, "PRIVATE KEY", "private key");
        byte[] publicDer = der(publicPem, "PUBLIC KEY", "public key");
        for (Algorithm algorithm : Algorithm.values()) {
            PrivateKey privateKey;
            try {
                privateKey = KeyFactory.getInstance(algorithm.keyFactory).generatePrivate(
                        new PKCS8EncodedKeySpec(privateDer));
            } catch (GeneralSecurityException notThisType) {
                continue;
            }
            PublicKey publicKey;
            try {
                publicKey = KeyFactory.getInstance(algorithm.keyFactory).generatePublic(
                        new X509EncodedKeySpec(publicDer));
            } catch (GeneralSecurityException wrongType) {
                throw new IllegalArgumentException("public key is not a " + algorithm.keyFactory
                        + " key like the private key");
            }
            if (publicKey instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
                throw new IllegalArgumentException("RSA keys must have at least " + MIN_RSA_BITS + " bits, got "
                        + rsa.getModulus().bitLength());
            }
            if (!matches(algorithm, privateKey, publicKey)) {
                throw new IllegalArgumentException("public key does not match the private key");
            }
            return new EvidenceKeyPair(algorithm, privateKey, publicKey);
        }
        throw new IllegalArgumentException("private key is neither an Ed25519 nor an RSA PKCS#8 key");
    }

    private static boolean matches(Algorithm algorithm, PrivateKey privateKey, PublicKey publicKey) {
        try {
            Signature signer = Signature.getInstance(algorithm.probeSignature);
            signer.initSign(privateKey);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm.probeSignature);
            verifier.initVerify(publicKey);
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static byte[] der(String pem, String label, String what) {
        String text = pem.replace("\\n", "\n").strip();
        Matcher matcher = PEM.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(what + " is not a PEM " + what + " (expected -----BEGIN " + label
                    + "----- … -----END " + label + "-----)");
        }
        if (!matcher.group(1).equals(label)) {
            throw new IllegalArgumentException(what + " is a PEM '" + matcher.group(1) + "'; expected '" + label + "'"
                    + ("PRIVATE KEY".equals(label) ? " (PKCS#8; convert with openssl pkcs8 -topk8 -nocrypt)" : ""));
        }
        try {
            return Base64.getMimeDecoder().decode(matcher.group(2));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not valid base64 inside its PEM armour");
        }
    }

    @Override
    public String toString() {
        return "EvidenceKeyPair[" + algorithm.wire() + "]";
    }
}
