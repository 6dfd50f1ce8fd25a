//! Request parsing and routing: bytes of one message in, bytes of one reply out. Never panics on
//! input; every failure becomes an `error` reply that echoes the request's `id` when it had one.

use nes_core::bridge::{
    AuthenticateArguments, ChangePinArguments, ErrorBody, ErrorCode, MAX_REPLY_BYTES, Reply, SignArguments,
    UnblockPinArguments,
};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use serde_json::value::RawValue;

use crate::error::{HostError, HostResult};
use crate::handlers::{self, Host};

/// A parsed, typed request.
#[derive(Debug)]
pub enum Request {
    Version,
    Readers,
    Certificates,
    Sign(SignArguments),
    Authenticate(AuthenticateArguments),
    Tokens,
    ChangePin(ChangePinArguments),
    UnblockPin(UnblockPinArguments),
}

/// The request's outer object. `arguments` stays raw and is parsed once, straight into its typed
/// struct, so a PIN is copied only into its wiping `Pin` (no intermediate `serde_json::Value`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Envelope<'a> {
    #[serde(default)]
    id: Option<String>,
    command: String,
    #[serde(default, borrow)]
    arguments: Option<&'a RawValue>,
}

/// Just the `id`, to echo it when the rest of the request is malformed.
#[derive(Deserialize)]
struct IdOnly {
    id: Option<String>,
}

/// Parses one message. The `id` comes back even when the rest is wrong, so the reply can echo it.
pub fn parse(message: &[u8]) -> (Option<String>, HostResult<Request>) {
    if !is_object(message) {
        let what = if std::str::from_utf8(message).is_err() { "not UTF-8" } else { "not a JSON object" };
        return (None, Err(HostError::bad_request(format!("request is {what}"))));
    }
    match serde_json::from_slice::<Envelope<'_>>(message) {
        Ok(envelope) => (envelope.id, route(&envelope.command, envelope.arguments)),
        Err(error) => {
            let id = serde_json::from_slice::<IdOnly>(message).ok().and_then(|only| only.id);
            let what = if std::str::from_utf8(message).is_err() { "not UTF-8" } else { "malformed" };
            (id, Err(HostError::bad_request(format!("request is {what}: {error}"))))
        }
    }
}

/// Whether `json` is an object. serde's derived structs take a JSON array too, field by position
/// (`["7","version"]`); the protocol has objects only, so an array is no request, no arguments and
/// carries no id.
fn is_object(json: &[u8]) -> bool {
    json.iter().find(|byte| !byte.is_ascii_whitespace()) == Some(&b'{')
}

fn route(command: &str, arguments: Option<&RawValue>) -> HostResult<Request> {
    match command {
        "version" => no_arguments(arguments).map(|()| Request::Version),
        "readers" => no_arguments(arguments).map(|()| Request::Readers),
        "certificates" => no_arguments(arguments).map(|()| Request::Certificates),
        "sign" => typed(arguments).map(Request::Sign),
        "authenticate" => typed(arguments).map(Request::Authenticate),
        "tokens" => no_arguments(arguments).map(|()| Request::Tokens),
        "change_pin" => typed(arguments).map(Request::ChangePin),
        "unblock_pin" => typed(arguments).map(Request::UnblockPin),
        _ => Err(HostError::new(ErrorCode::UnknownCommand, format!("unknown command {command:?}"))),
    }
}

fn no_arguments(arguments: Option<&RawValue>) -> HostResult<()> {
    let Some(arguments) = arguments else { return Ok(()) };
    match serde_json::from_str::<Value>(arguments.get()) {
        Ok(Value::Null) => Ok(()),
        Ok(Value::Object(map)) if map.is_empty() => Ok(()),
        _ => Err(HostError::bad_request("this command takes no arguments")),
    }
}

fn typed<T: DeserializeOwned>(arguments: Option<&RawValue>) -> HostResult<T> {
    let arguments = arguments.ok_or_else(|| HostError::bad_request("arguments are missing"))?;
    if !is_object(arguments.get().as_bytes()) {
        return Err(HostError::bad_request("arguments must be a JSON object"));
    }
    // serde's message names the field, never its value, so no PIN reaches the error text.
    serde_json::from_str(arguments.get()).map_err(|error| HostError::bad_request(format!("bad arguments: {error}")))
}

/// Runs a parsed request through its handler, to a JSON result.
pub fn execute(host: &Host, request: Request) -> HostResult<Value> {
    fn json<T: serde::Serialize>(result: HostResult<T>) -> HostResult<Value> {
        result.and_then(|value| serde_json::to_value(value).map_err(HostError::internal))
    }
    match request {
        Request::Version => json(Ok(handlers::version::handle())),
        Request::Readers => json(handlers::readers::handle()),
        Request::Certificates => json(handlers::certificates::handle(host)),
        Request::Sign(arguments) => json(handlers::sign::handle(host, arguments)),
        Request::Authenticate(arguments) => json(handlers::authenticate::handle(host, arguments)),
        Request::Tokens => json(handlers::tokens::handle(host)),
        Request::ChangePin(arguments) => json(handlers::change_pin::handle(host, arguments)),
        Request::UnblockPin(arguments) => json(handlers::unblock_pin::handle(host, arguments)),
    }
}

/// One message in, one serialized reply out.
pub fn handle_message(host: &Host, message: &[u8]) -> Vec<u8> {
    let (id, request) = parse(message);
    encode_reply(id, request.and_then(|request| execute(host, request)))
}

/// The reply bytes, kept under the browser's 1 MB limit: an oversized result becomes an error.
pub fn encode_reply(id: Option<String>, outcome: HostResult<Value>) -> Vec<u8> {
    let reply = match outcome {
        Ok(result) => Reply { id: id.clone(), result: Some(result), error: None },
        Err(error) => error_reply(id.clone(), &error),
    };
    let bytes = serde_json::to_vec(&reply).unwrap_or_default();
    if !bytes.is_empty() && bytes.len() <= MAX_REPLY_BYTES {
        return bytes;
    }
    let too_large = HostError::internal("the reply would exceed the 1 MB native-messaging limit");
    serde_json::to_vec(&error_reply(id, &too_large)).unwrap_or_default()
}

fn error_reply(id: Option<String>, error: &HostError) -> Reply<Value> {
    if error.code == ErrorCode::Internal {
        // stderr reaches the browser's log, never the page; it helps support. No PIN is ever in it.
        eprintln!("nes-bridge: {error}");
    }
    Reply { id, result: None, error: Some(error.to_body()) }
}

/// The reply to a frame that was too large to read.
pub fn too_large_reply() -> Vec<u8> {
    let reply: Reply<Value> = Reply { id: None, result: None, error: Some(ErrorBody::new(ErrorCode::MessageTooLarge)) };
    serde_json::to_vec(&reply).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_code(message: &str) -> (Option<String>, ErrorCode) {
        let (id, request) = parse(message.as_bytes());
        (id, request.unwrap_err().code)
    }

    #[test]
    fn known_commands_parse() {
        assert!(matches!(parse(br#"{"id":"1","command":"version"}"#).1, Ok(Request::Version)));
        assert!(matches!(parse(br#"{"id":"1","command":"readers","arguments":{}}"#).1, Ok(Request::Readers)));
        let (id, sign) = parse(
            br#"{"id":"s","command":"sign","arguments":{"certificate_id":"c","content":"t","pin":"1234","origin":"o"}}"#,
        );
        assert_eq!(id.as_deref(), Some("s"));
        assert!(matches!(sign, Ok(Request::Sign(a)) if a.content == "t"));
    }

    #[test]
    fn bad_input_gets_the_right_code_and_keeps_the_id() {
        assert_eq!(error_code(r#"{"id":"7","command":"format_disk"}"#), (Some("7".into()), ErrorCode::UnknownCommand));
        assert_eq!(error_code(r#"{"id":"8","command":"sign"}"#), (Some("8".into()), ErrorCode::BadRequest));
        assert_eq!(error_code(r#"{"id":"9","command":"version","arguments":{"x":1}}"#).1, ErrorCode::BadRequest);
        assert_eq!(
            error_code(r#"{"id":"a","command":"version","extra":true}"#),
            (Some("a".into()), ErrorCode::BadRequest)
        );
        assert_eq!(error_code("not json").1, ErrorCode::BadRequest);
        let sha1 = r#"{"command":"sign","arguments":{"certificate_id":"c","content":"t","origin":"o","hash_algorithm":"SHA-1"}}"#;
        assert_eq!(error_code(sha1).1, ErrorCode::BadRequest, "a hash we do not make is a malformed request");
        assert_eq!(error_code("[1,2]").1, ErrorCode::BadRequest);
        let (_, request) = parse(b"{\"id\":\"\xff\"}");
        assert_eq!(request.unwrap_err().code, ErrorCode::BadRequest);
    }

    /// Found by the `request` fuzz target: `[""]` was read as an id, `["7","version"]` as a request.
    #[test]
    fn arrays_are_no_request_no_arguments_and_no_id() {
        assert_eq!(error_code(r#"[""]"#), (None, ErrorCode::BadRequest));
        assert_eq!(error_code(r#" ["7","version"]"#), (None, ErrorCode::BadRequest));
        assert_eq!(
            error_code(r#"{"id":"s","command":"sign","arguments":["c","t","1234","o"]}"#),
            (Some("s".into()), ErrorCode::BadRequest)
        );
    }

    #[test]
    fn argument_errors_never_echo_the_pin() {
        let (_, request) =
            parse(br#"{"command":"sign","arguments":{"certificate_id":"c","content":"t","pin":"271828","origin":7}}"#);
        assert!(!request.unwrap_err().detail.contains("271828"));
        let (_, request) =
            parse(br#"{"command":"change_pin","arguments":{"token_id":7,"pin":"271828","new_pin":"314159"}}"#);
        let detail = request.unwrap_err().detail;
        assert!(!detail.contains("271828") && !detail.contains("314159"), "{detail}");
    }

    #[test]
    fn pin_commands_take_exactly_their_secrets() {
        let (_, change) =
            parse(br#"{"command":"change_pin","arguments":{"token_id":"t","pin":"1111","new_pin":"2222"}}"#);
        assert!(matches!(change, Ok(Request::ChangePin(a)) if a.new_pin.expose() == "2222"));
        let (_, unblock) =
            parse(br#"{"command":"unblock_pin","arguments":{"token_id":"t","puk":"9999","new_pin":"2222"}}"#);
        assert!(matches!(unblock, Ok(Request::UnblockPin(a)) if a.puk.expose() == "9999"));
        let missing = r#"{"command":"unblock_pin","arguments":{"token_id":"t","new_pin":"2222"}}"#;
        assert_eq!(error_code(missing).1, ErrorCode::BadRequest, "no PUK, no unblock");
        let swapped = r#"{"command":"change_pin","arguments":{"token_id":"t","puk":"9999","new_pin":"2222"}}"#;
        assert_eq!(error_code(swapped).1, ErrorCode::BadRequest);
        assert!(matches!(parse(br#"{"command":"tokens"}"#).1, Ok(Request::Tokens)));
    }

    #[test]
    fn version_reply_has_the_documented_shape() {
        let host = Host::new(Default::default());
        let reply: Value =
            serde_json::from_slice(&handle_message(&host, br#"{"id":"v","command":"version"}"#)).unwrap();
        assert_eq!(reply["id"], "v");
        assert_eq!(reply["result"]["protocol"], 1);
        assert_eq!(reply["result"]["version"], env!("CARGO_PKG_VERSION"));
        assert!(reply.get("error").is_none());
    }

    #[test]
    fn oversized_results_become_an_error_under_the_limit() {
        let huge = Value::String("x".repeat(MAX_REPLY_BYTES));
        let bytes = encode_reply(Some("big".into()), Ok(huge));
        assert!(bytes.len() < MAX_REPLY_BYTES);
        let reply: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(reply["error"]["code"], "INTERNAL");
        assert_eq!(reply["id"], "big");
    }
}
