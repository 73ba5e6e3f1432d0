package io.rezilient.restore.service.auth;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;

/**
 * Ed25519 with the JDK's own provider. Nimbus delegates Ed25519 to Google Tink, an optional dependency we do not
 * ship; the JDK (15+) has it built in, so only the JWK's raw 32-byte keys need wrapping in their DER envelopes.
 */
final class Ed25519Keys {
    /** SubjectPublicKeyInfo for id-Ed25519 (RFC 8410 §4), followed by the 32-byte public key. */
    private static final byte[] X509_PREFIX = hex("302a300506032b6570032100");
    /** PKCS#8 PrivateKeyInfo for id-Ed25519 (RFC 8410 §7), followed by the 32-byte seed. */
    private static final byte[] PKCS8_PREFIX = hex("302e020100300506032b657004220420");

    private Ed25519Keys() {
    }

    static boolean isEd25519(OctetKeyPair jwk) {
        return Curve.Ed25519.equals(jwk.getCurve());
    }

    static PublicKey publicKey(OctetKeyPair jwk) throws GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(concat(X509_PREFIX, raw(jwk.getDecodedX()))));
    }

    static PrivateKey privateKey(OctetKeyPair jwk) throws GeneralSecurityException {
        if (!jwk.isPrivate()) {
            throw new GeneralSecurityException("the Ed25519 JWK has no private part (d)");
        }
        return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX, raw(jwk.getDecodedD()))));
    }

    static boolean verify(OctetKeyPair jwk, byte[] signingInput, byte[] signature) throws GeneralSecurityException {
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(publicKey(jwk));
        verifier.update(signingInput);
        try {
            return verifier.verify(signature);
        } catch (SignatureException e) {
            return false; // wrong length or encoding: simply not a valid signature
        }
    }

    static byte[] sign(OctetKeyPair jwk, byte[] signingInput) throws GeneralSecurityException {
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(privateKey(jwk));
        signer.update(signingInput);
        return signer.sign();
    }

    private static byte[] raw(byte[] key) throws GeneralSecurityException {
        if (key == null || key.length != 32) {
            throw new GeneralSecurityException("an Ed25519 key is 32 bytes");
        }
        return key;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] hex(String hex) {
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
