use rnix::{SyntaxKind, SyntaxNode};
use rowan::ast::AstNode;

use super::{Check, Rule, Scope, Sink, TriggerIn};
use crate::config::Level;
use crate::context::FileContext;
use crate::syntax;

pub static RULE: Rule = Rule {
    id: "secret-option",
    level: Level::Error,
    category: "modules",
    summary: "Secrets are options holding a path (`…File`), never a string.",
    explanation: "Every string an option holds ends up in the world-readable Nix store once it reaches a unit, a script or a generated file. An option whose name says it is a secret (password, secret, token, seed, credential, and keys of a secret kind: `privateKey`, `apiKey`, `accessKey`, `signingKey`, …) must therefore not have a string type; take a path to a file instead (`passwordFile`, `jwtSecretFile`) and hand it to the service with `LoadCredential`. Names about a secret rather than the secret itself are fine: ending in `File`, `Path`, `Dir`, `Url`, `Endpoint`, `Id`, … (`tokenEndpoint` is an OAuth URL), public keys, and a bare `key`, which is as often a key binding or a key's name.",
    bad: r#"{ lib, ... }:
{
  options.services.bluesky-pds.jwtSecret = lib.mkOption {
    type = lib.types.str;
    description = "Secret used to sign session tokens.";
  };
}"#,
    good: r#"{ lib, ... }:
{
  options.services.bluesky-pds.jwtSecretFile = lib.mkOption {
    type = lib.types.path;
    description = "File holding the secret used to sign session tokens.";
  };
}"#,
    check: Check::Node {
        scope: Scope::Modules,
        kinds: &[SyntaxKind::NODE_APPLY],
        triggers: &["mkOption"],
        trigger_in: TriggerIn::Head,
        run: check,
    },
};

const SECRET_WORDS: &[&str] = &[
    "password",
    "passwd",
    "pass",
    "secret",
    "secrets",
    "token",
    "seed",
    "credential",
    "credentials",
    "privatekey",
    "apikey",
    "passphrase",
];
/// Last words that make the name about a secret, not the secret itself.
const NOT_THE_SECRET: &[&str] = &[
    "file",
    "files",
    "path",
    "paths",
    "dir",
    "directory",
    "id",
    "ids",
    "name",
    "names",
    "type",
    "length",
    "size",
    "ttl",
    "lifetime",
    "expiry",
    "url",
    "uri",
    "header",
    "algorithm",
    "format",
    "command",
    "cmd",
    "env",
    "variable",
    "prefix",
    "user",
    "username",
    "enable",
    "rotation",
    "endpoint",
    "endpoints",
    "point",
    "mapping",
    "mappings",
    "binding",
    "bindings",
    "host",
    "server",
    "port",
    "location",
];
/// A `key` is a secret only after one of these words (`accessKey`, `signingKey`); a bare
/// `key` is as often a key binding, a key's name or id, or the path of a key file.
const SECRET_KEY_KINDS: &[&str] = &[
    "private",
    "secret",
    "api",
    "access",
    "signing",
    "encryption",
    "master",
    "session",
    "hmac",
    "jwt",
    "rotation",
    "recovery",
    "auth",
    "service",
    "license",
    "client",
];
const PUBLIC_WORDS: &[&str] = &["public", "pub", "authorized", "trusted"];

fn check(_cx: &FileContext, node: &SyntaxNode, sink: &mut Sink) {
    let Some((apply, set)) = syntax::option_call(node) else {
        return;
    };
    let Some(binding) = syntax::declared_option(&apply) else {
        return;
    };
    let Some(name) = syntax::binding_name(&binding) else {
        return;
    };
    if !names_a_secret(&name) {
        return;
    }
    let Some(type_expr) = syntax::set_value(&set, "type") else {
        return;
    };
    let type_text = type_expr.syntax().text().to_string();
    if !is_string_type(&type_text) {
        return;
    }
    let range = binding
        .attrpath()
        .map_or(apply.syntax().text_range(), |p| p.syntax().text_range());
    sink.report(
        range,
        format!("secret option `{name}` has a string type, so its value lands in the Nix store"),
        format!("declare `{name}File` with a path type and pass it with `LoadCredential`"),
    );
}

fn names_a_secret(name: &str) -> bool {
    let words = syntax::words(name);
    let Some(last) = words.last() else {
        return false;
    };
    let secret_key = words.windows(2).any(|pair| {
        matches!(pair[1].as_str(), "key" | "keys") && SECRET_KEY_KINDS.contains(&pair[0].as_str())
    });
    (secret_key
        || words
            .iter()
            .any(|word| SECRET_WORDS.contains(&word.as_str())))
        && !NOT_THE_SECRET.contains(&last.as_str())
        && !words
            .iter()
            .any(|word| PUBLIC_WORDS.contains(&word.as_str()))
}

fn is_string_type(text: &str) -> bool {
    let stringy = ["str", "lines", "passwdEntry"]
        .iter()
        .any(|t| text.contains(t));
    let other = ["path", "package", "submodule", "bool"]
        .iter()
        .any(|t| text.contains(t));
    stringy && !other
}

#[cfg(test)]
mod tests {
    use super::names_a_secret;

    #[test]
    fn recognises_secret_names() {
        for name in [
            "password",
            "adminPassword",
            "jwtSecret",
            "apiKey",
            "privateKey",
            "plcRotationKeySeed",
            "authToken",
            "accessKey",
            "secretKey",
            "s3SecretAccessKey",
            "signingKey",
        ] {
            assert!(names_a_secret(name), "{name}");
        }
        for name in [
            "passwordFile",
            "jwtSecretFile",
            "publicKey",
            "keyId",
            "authorizedKeys",
            "port",
            "tokenLifetime",
            "token_endpoint",
            "oauthTokenUrl",
            "key",
            "hotKey",
            "sshKey",
            "keyMappings",
            "defaultSecretsMountPoint",
        ] {
            assert!(!names_a_secret(name), "{name}");
        }
    }
}
