//! A software authenticator for the passkey tests: a P-256 key (ring) that answers the server's
//! WebAuthn options as a browser with a platform authenticator would, with "none" attestation.
//! Each answer can be bent (origin, counter, user handle, signature) to play an attacker.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ring::digest::{digest, SHA256};
use ring::rand::SystemRandom;
use ring::signature::{EcdsaKeyPair, KeyPair, ECDSA_P256_SHA256_ASN1_SIGNING};
use serde_json::{json, Value};

/// What an assertion says, beyond the key's own signature.
pub struct Bend {
    pub origin: Option<String>,
    pub counter: Option<u32>,
    pub user_handle: Option<Vec<u8>>,
    pub break_signature: bool,
}

impl Bend {
    pub fn none() -> Bend {
        Bend {
            origin: None,
            counter: None,
            user_handle: None,
            break_signature: false,
        }
    }
}

pub struct SoftPasskey {
    key: EcdsaKeyPair,
    pub cred_id: Vec<u8>,
    pub counter: u32,
    /// The account's handle, kept at registration (a discoverable credential).
    pub user_handle: Vec<u8>,
    pub origin: String,
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

// A minimal CBOR writer: what an attestation object and a COSE key need.
fn head(major: u8, n: u64, out: &mut Vec<u8>) {
    let m = major << 5;
    match n {
        0..=23 => out.push(m | n as u8),
        24..=0xff => out.extend([m | 24, n as u8]),
        0x100..=0xffff => {
            out.push(m | 25);
            out.extend((n as u16).to_be_bytes());
        }
        _ => {
            out.push(m | 26);
            out.extend((n as u32).to_be_bytes());
        }
    }
}

fn int(v: i64, out: &mut Vec<u8>) {
    if v >= 0 {
        head(0, v as u64, out)
    } else {
        head(1, (-1 - v) as u64, out)
    }
}

fn bytes(b: &[u8], out: &mut Vec<u8>) {
    head(2, b.len() as u64, out);
    out.extend(b);
}

fn text(s: &str, out: &mut Vec<u8>) {
    head(3, s.len() as u64, out);
    out.extend(s.as_bytes());
}

impl SoftPasskey {
    pub fn new(origin: &str) -> SoftPasskey {
        let rng = SystemRandom::new();
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, &rng).unwrap();
        let key = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, pkcs8.as_ref(), &rng)
            .unwrap();
        let mut cred_id = vec![0u8; 32];
        ring::rand::SecureRandom::fill(&rng, &mut cred_id).unwrap();
        SoftPasskey {
            key,
            cred_id,
            counter: 0,
            user_handle: Vec::new(),
            origin: origin.to_string(),
        }
    }

    fn rp_hash(options: &Value) -> Vec<u8> {
        let rp_id = options["publicKey"]["rp"]["id"]
            .as_str()
            .or_else(|| options["publicKey"]["rpId"].as_str())
            .expect("rp id in the options");
        digest(&SHA256, rp_id.as_bytes()).as_ref().to_vec()
    }

    fn client_data(kind: &str, options: &Value, origin: &str) -> Vec<u8> {
        let challenge = options["publicKey"]["challenge"].as_str().unwrap();
        json!({"type": kind, "challenge": challenge, "origin": origin, "crossOrigin": false})
            .to_string()
            .into_bytes()
    }

    /// `navigator.credentials.create` with the server's options (JSON).
    pub fn register(&mut self, options: &str) -> String {
        let options: Value = serde_json::from_str(options).unwrap();
        let handle = options["publicKey"]["user"]["id"].as_str().unwrap();
        self.user_handle = URL_SAFE_NO_PAD.decode(handle).unwrap();
        let point = self.key.public_key().as_ref(); // 0x04 | x | y
        let mut cose = Vec::new();
        head(5, 5, &mut cose);
        int(1, &mut cose);
        int(2, &mut cose); // kty: EC2
        int(3, &mut cose);
        int(-7, &mut cose); // alg: ES256
        int(-1, &mut cose);
        int(1, &mut cose); // crv: P-256
        int(-2, &mut cose);
        bytes(&point[1..33], &mut cose);
        int(-3, &mut cose);
        bytes(&point[33..65], &mut cose);
        let mut auth_data = Self::rp_hash(&options);
        auth_data.push(0x01 | 0x04 | 0x40); // user present, verified, credential data
        auth_data.extend(self.counter.to_be_bytes());
        auth_data.extend([0u8; 16]); // AAGUID
        auth_data.extend((self.cred_id.len() as u16).to_be_bytes());
        auth_data.extend(&self.cred_id);
        auth_data.extend(cose);
        let mut att = Vec::new();
        head(5, 3, &mut att);
        text("fmt", &mut att);
        text("none", &mut att);
        text("attStmt", &mut att);
        head(5, 0, &mut att);
        text("authData", &mut att);
        bytes(&auth_data, &mut att);
        let client_data = Self::client_data("webauthn.create", &options, &self.origin);
        json!({
            "id": b64(&self.cred_id),
            "rawId": b64(&self.cred_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": b64(&client_data),
                "attestationObject": b64(&att),
                "transports": ["internal", "hybrid"],
            },
            "clientExtensionResults": {"credProps": {"rk": true}},
        })
        .to_string()
    }

    /// `navigator.credentials.get` with the server's options (JSON); the counter moves on.
    pub fn assert(&mut self, options: &str) -> String {
        self.assert_bent(options, Bend::none())
    }

    pub fn assert_bent(&mut self, options: &str, bend: Bend) -> String {
        let options: Value = serde_json::from_str(options).unwrap();
        let counter = bend.counter.unwrap_or_else(|| {
            self.counter += 1;
            self.counter
        });
        let mut auth_data = Self::rp_hash(&options);
        auth_data.push(0x01 | 0x04);
        auth_data.extend(counter.to_be_bytes());
        let origin = bend.origin.unwrap_or_else(|| self.origin.clone());
        let client_data = Self::client_data("webauthn.get", &options, &origin);
        let mut signed = auth_data.clone();
        signed.extend(digest(&SHA256, &client_data).as_ref());
        let rng = SystemRandom::new();
        let mut signature = self.key.sign(&rng, &signed).unwrap().as_ref().to_vec();
        if bend.break_signature {
            let last = signature.len() - 1;
            signature[last] ^= 1;
        }
        let handle = bend.user_handle.unwrap_or_else(|| self.user_handle.clone());
        json!({
            "id": b64(&self.cred_id),
            "rawId": b64(&self.cred_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": b64(&client_data),
                "authenticatorData": b64(&auth_data),
                "signature": b64(&signature),
                "userHandle": b64(&handle),
            },
            "clientExtensionResults": {},
        })
        .to_string()
    }
}
