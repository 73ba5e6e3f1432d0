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

        /** The type of {@code key}. */
        public static Algorithm of(java.security.Key key) {
            return switch (key.getAlgorithm()) {
                case "Ed25519", "EdDSA" -> ED25519;
                case "RSA" -> RSA;
                default -> throw new IllegalArgumentException("not an Ed25519 or RSA key: " + key.getAlgorithm());
            };
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
     * @param publicPem the public key, or null to derive it from the private key (the signing-key rotation runbook
     *                  calls it optional)
     * @throws IllegalArgumentException naming which key is wrong and why
     */
    public static EvidenceKeyPair parse(String privatePem, String publicPem) {
        byte[] privateDer = der(privatePem, "PRIVATE KEY", "private key");
        byte[] publicDer = publicPem == null ? null : der(publicPem, "PUBLIC KEY", "public key");
        for (Algorithm algorithm : Algorithm.values()) {
            PrivateKey privateKey;
            try {
                privateKey = KeyFactory.getInstance(algorithm.keyFactory).generatePrivate(
                        new PKCS8EncodedKeySpec(privateDer));
            } catch (GeneralSecurityException notThisType) {
                continue;
            }
            PublicKey publicKey;
            if (publicDer == null) {
                publicKey = derivePublic(algorithm, privateKey);
            } else {
                try {
                    publicKey = KeyFactory.getInstance(algorithm.keyFactory).generatePublic(
                            new X509EncodedKeySpec(publicDer));
                } catch (GeneralSecurityException wrongType) {
                    throw new IllegalArgumentException("public key is not a " + algorithm.keyFactory
                            + " key like the private key");
                }
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

    /**
     * Parses an SPKI {@code PUBLIC KEY} PEM holding an Ed25519 or RSA key.
     *
     * @throws IllegalArgumentException when it is neither
     */
    public static PublicKey parsePublic(String publicPem) {
        byte[] publicDer = der(publicPem, "PUBLIC KEY", "public key");
        for (Algorithm algorithm : Algorithm.values()) {
            try {
                return KeyFactory.getInstance(algorithm.keyFactory).generatePublic(new X509EncodedKeySpec(publicDer));
            } catch (GeneralSecurityException notThisType) {
                // try the next type
            }
        }
        throw new IllegalArgumentException("public key is neither an Ed25519 nor an RSA SPKI key");
    }

    /** The PEM text of a key's standard encoding (PKCS#8 for private keys, SPKI for public ones). */
    public static String pem(java.security.Key key) {
        String label = key instanceof PrivateKey ? "PRIVATE KEY" : "PUBLIC KEY";
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END " + label + "-----\n";
    }

    /**
     * The public half of a private key. RSA: from the CRT key's modulus and public exponent. Ed25519: the JDK's own key
     * generator, fed the private key's 32-byte seed as its randomness, rebuilds the same pair (RFC 8032 §5.1.5 derives
     * the public key from the seed alone); the pair is then checked with a signature like a given one.
     */
    private static PublicKey derivePublic(Algorithm algorithm, PrivateKey privateKey) {
        try {
            if (privateKey instanceof java.security.interfaces.RSAPrivateCrtKey rsa) {
                return KeyFactory.getInstance("RSA").generatePublic(
                        new java.security.spec.RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            }
            if (privateKey instanceof java.security.interfaces.EdECPrivateKey ed) {
                byte[] seed = ed.getBytes().orElseThrow(() -> new IllegalArgumentException(
                        "the Ed25519 private key carries no seed; give the public key too"));
                java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("Ed25519");
                generator.initialize(java.security.spec.NamedParameterSpec.ED25519, new SeedRandom(seed));
                return generator.generateKeyPair().getPublic();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot derive the public key: " + e.getMessage());
        }
        throw new IllegalArgumentException("cannot derive the public key of this " + algorithm.keyFactory
                + " private key; give the public key too");
    }

    /** Randomness that is a fixed seed: what makes a key generator rebuild a known Ed25519 pair. */
    private static final class SeedRandom extends java.security.SecureRandom {
        private final byte[] seed;

        SeedRandom(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (bytes.length != seed.length) {
                throw new IllegalStateException("the Ed25519 generator asked for " + bytes.length + " bytes");
            }
            System.arraycopy(seed, 0, bytes, 0, seed.length);
        }
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
