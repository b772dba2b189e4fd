#!/usr/bin/env bash
# Regenerates test/fixtures/pkcs12/: PKCS#12 files and encrypted PKCS#8 keys made by OpenSSL 3
# (default and -legacy) and by Java keytool, for every key type those tools can make.
# The output is committed so the tests are deterministic; the tests also run openssl live.
#
# Needs: openssl 3.x (with the legacy provider for -legacy), keytool (Java 17+).
# Usage: scripts/gen-pkcs12-fixtures.sh            (writes into test/fixtures/pkcs12/)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=test/fixtures/pkcs12
PASS='certkit-test'
# A non-ASCII password: OpenSSL passes UTF-8 bytes to PBKDF2 and converts to BMPString for the
# PKCS#12 KDF (RFC 7292 Appendix B.1); certkit must do the same.
UPASS='pässwörd-€'
rm -rf "$OUT"
mkdir -p "$OUT/keys" "$OUT/certs" "$OUT/openssl" "$OUT/pkcs8" "$OUT/keytool"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# --- CA (P-256) and one leaf per key type -------------------------------------------------
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$OUT/keys/ca.pem"
openssl req -x509 -new -key "$OUT/keys/ca.pem" -subj "/O=certkit test/CN=certkit fixture CA" \
  -days 36500 -addext basicConstraints=critical,CA:true -addext keyUsage=critical,keyCertSign,cRLSign \
  -out "$OUT/certs/ca.pem"

gen_key() { # type file
  case "$1" in
    rsa) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$2" ;;
    p256) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$2" ;;
    p384) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out "$2" ;;
    p521) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-521 -out "$2" ;;
    ed25519) openssl genpkey -algorithm ED25519 -out "$2" ;;
    ed448) openssl genpkey -algorithm ED448 -out "$2" ;;
  esac
}

TYPES="rsa p256 p384 p521 ed25519 ed448"
for t in $TYPES; do
  gen_key "$t" "$OUT/keys/$t.pem"
  openssl req -new -key "$OUT/keys/$t.pem" -subj "/O=certkit test/CN=leaf $t" -out "$TMP/$t.csr"
  openssl x509 -req -in "$TMP/$t.csr" -CA "$OUT/certs/ca.pem" -CAkey "$OUT/keys/ca.pem" \
    -set_serial "0x$(openssl rand -hex 12)" -days 36500 -out "$OUT/certs/$t.pem"

  # OpenSSL 3 default: PBES2/PBKDF2-HMAC-SHA256/AES-256-CBC bags, HMAC-SHA256 MAC, 2048 iterations.
  openssl pkcs12 -export -inkey "$OUT/keys/$t.pem" -in "$OUT/certs/$t.pem" -certfile "$OUT/certs/ca.pem" \
    -name "leaf $t" -passout "pass:$PASS" -out "$OUT/openssl/default-$t.p12"
  # OpenSSL -legacy: key bag pbeWithSHA1And3-KeyTripleDES-CBC, certs pbeWithSHA1And40BitRC2-CBC, SHA-1 MAC.
  openssl pkcs12 -export -legacy -inkey "$OUT/keys/$t.pem" -in "$OUT/certs/$t.pem" -certfile "$OUT/certs/ca.pem" \
    -name "leaf $t" -passout "pass:$PASS" -out "$OUT/openssl/legacy-$t.p12"

  # Encrypted PKCS#8 (RFC 5958 EncryptedPrivateKeyInfo).
  openssl pkcs8 -topk8 -v2 aes-256-cbc -in "$OUT/keys/$t.pem" -passout "pass:$PASS" -out "$OUT/pkcs8/aes256-$t.pem"
done

# Variants (one key type each is enough: the cipher path does not depend on the key type).
openssl pkcs12 -export -inkey "$OUT/keys/p256.pem" -in "$OUT/certs/p256.pem" -certfile "$OUT/certs/ca.pem" \
  -name "unicode" -passout "pass:$UPASS" -out "$OUT/openssl/default-p256-unicode-password.p12"
openssl pkcs12 -export -inkey "$OUT/keys/p256.pem" -in "$OUT/certs/p256.pem" \
  -passout "pass:$PASS" -certpbe NONE -out "$OUT/openssl/certs-unencrypted-p256.p12"
openssl pkcs12 -export -inkey "$OUT/keys/p256.pem" -in "$OUT/certs/p256.pem" \
  -passout "pass:$PASS" -nomac -out "$OUT/openssl/nomac-p256.p12"
openssl pkcs12 -export -inkey "$OUT/keys/p256.pem" -in "$OUT/certs/p256.pem" \
  -passout "pass:$PASS" -macalg sha512 -out "$OUT/openssl/mac-sha512-p256.p12"
openssl pkcs12 -export -nokeys -in "$OUT/certs/ca.pem" -passout "pass:$PASS" -out "$OUT/openssl/certs-only.p12"
openssl pkcs12 -export -legacy -inkey "$OUT/keys/rsa.pem" -in "$OUT/certs/rsa.pem" \
  -descert -passout "pass:$PASS" -out "$OUT/openssl/legacy-3des-certs-rsa.p12"

openssl pkcs8 -topk8 -v2 aes-128-cbc -in "$OUT/keys/p256.pem" -passout "pass:$PASS" -out "$OUT/pkcs8/aes128-p256.pem"
openssl pkcs8 -topk8 -v2 aes-192-cbc -in "$OUT/keys/p256.pem" -passout "pass:$PASS" -out "$OUT/pkcs8/aes192-p256.pem"
openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA1 -in "$OUT/keys/p256.pem" -passout "pass:$PASS" -out "$OUT/pkcs8/aes256-sha1prf-p256.pem"
openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA512 -in "$OUT/keys/p256.pem" -passout "pass:$PASS" -out "$OUT/pkcs8/aes256-sha512prf-p256.pem"
openssl pkcs8 -topk8 -v2 aes-256-cbc -in "$OUT/keys/p256.pem" -passout "pass:$UPASS" -out "$OUT/pkcs8/aes256-p256-unicode-password.pem"
openssl pkcs8 -topk8 -scrypt -scrypt_N 1024 -scrypt_r 8 -scrypt_p 1 -in "$OUT/keys/p256.pem" -passout "pass:$PASS" -out "$OUT/pkcs8/scrypt-p256.pem"
openssl pkcs8 -topk8 -v2 des3 -in "$OUT/keys/p256.pem" -passout "pass:$PASS" -out "$OUT/pkcs8/pbes2-des3-p256.pem"
openssl pkcs8 -topk8 -v1 PBE-SHA1-3DES -in "$OUT/keys/p256.pem" -passout "pass:$PASS" -out "$OUT/pkcs8/pbe-sha1-3des-p256.pem"
openssl pkcs8 -topk8 -v2 aes-256-cbc -outform DER -in "$OUT/keys/rsa.pem" -passout "pass:$PASS" -out "$OUT/pkcs8/aes256-rsa.der"

# --- Java keytool (Java 17: PBES2 AES-256 bags, HMAC-SHA256 MAC, 10000 iterations) ----------
kt() { keytool -J-Duser.language=en "$@"; }
kt -genkeypair -alias rsa-entry -keyalg RSA -keysize 2048 -dname "CN=keytool rsa,O=certkit test" \
  -validity 36500 -storetype PKCS12 -keystore "$OUT/keytool/rsa.p12" -storepass "$PASS" -keypass "$PASS"
kt -genkeypair -alias ec-entry -keyalg EC -groupname secp256r1 -dname "CN=keytool ec,O=certkit test" \
  -validity 36500 -storetype PKCS12 -keystore "$OUT/keytool/p256.p12" -storepass "$PASS" -keypass "$PASS"
kt -genkeypair -alias p384-entry -keyalg EC -groupname secp384r1 -dname "CN=keytool p384,O=certkit test" \
  -validity 36500 -storetype PKCS12 -keystore "$OUT/keytool/p384.p12" -storepass "$PASS" -keypass "$PASS"
kt -genkeypair -alias ed25519-entry -keyalg Ed25519 -dname "CN=keytool ed25519,O=certkit test" \
  -validity 36500 -storetype PKCS12 -keystore "$OUT/keytool/ed25519.p12" -storepass "$PASS" -keypass "$PASS"
# A key entry plus a trusted certificate entry in one store.
cp "$OUT/keytool/p256.p12" "$OUT/keytool/p256-with-trusted.p12"
kt -importcert -noprompt -alias fixture-ca -file "$OUT/certs/ca.pem" \
  -storetype PKCS12 -keystore "$OUT/keytool/p256-with-trusted.p12" -storepass "$PASS"
# Each keytool key's certificate, for the tests to compare against.
for n in rsa p256 p384 ed25519; do
  alias=$( [ "$n" = rsa ] && echo rsa-entry || { [ "$n" = p256 ] && echo ec-entry || echo "$n-entry"; } )
  kt -exportcert -rfc -alias "$alias" -storetype PKCS12 -keystore "$OUT/keytool/$n.p12" -storepass "$PASS" \
    -file "$OUT/keytool/$n.crt.pem"
done

# Record what made these files.
{
  echo "Generated by scripts/gen-pkcs12-fixtures.sh"
  openssl version
  java -version 2>&1 | head -1
  echo "password: $PASS (the *-unicode-password files: $UPASS)"
} > "$OUT/PROVENANCE.txt"
echo "fixtures written to $OUT"
