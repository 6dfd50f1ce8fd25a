//! A stand-in server: `window.fetch` answers from a table, and the requests are recorded.

/// Answers each request with the first `(path suffix, status, body)` whose suffix ends its path.
pub fn answer(routes: &[(&str, u16, &str)]) {
    let routes = serde_json::to_string(routes).unwrap();
    let script = format!(
        "window.realFetch = window.realFetch || window.fetch; window.sent = null; \
         window.allSent = []; window.routes = {routes}; \
         window.fetch = async (request) => {{ const path = new URL(request.url).pathname; \
         window.sent = [request.method, path, await request.text()]; window.allSent.push(window.sent); \
         const [, status, body] = window.routes.find(([suffix]) => path.endsWith(suffix)); \
         return new Response(body, {{ status, headers: {{ 'content-type': 'application/json' }} }}); }};"
    );
    js_sys::eval(&script).unwrap();
}

pub fn restore() {
    js_sys::eval("if (window.realFetch) window.fetch = window.realFetch;").unwrap();
}

/// The last request: method, path and body.
pub fn sent() -> Vec<String> {
    strings(&js_sys::eval("window.sent").unwrap())
}

/// The last request to `path`: method, path and body. A test whose screens others left behind may
/// still fetch (a late `GET /downloads` was seen) asks for its own request by path.
pub fn sent_to(path: &str) -> Vec<String> {
    let all = js_sys::Array::from(&js_sys::eval("window.allSent").unwrap());
    all.iter().map(|request| strings(&request)).rfind(|fields| fields[1] == path).unwrap_or_default()
}

/// Every request since the table was set, oldest first: method and path.
pub fn sent_paths() -> Vec<(String, String)> {
    let all = js_sys::Array::from(&js_sys::eval("window.allSent").unwrap());
    all.iter()
        .map(|request| {
            let fields = strings(&request);
            (fields[0].clone(), fields[1].clone())
        })
        .collect()
}

fn strings(value: &wasm_bindgen::JsValue) -> Vec<String> {
    js_sys::Array::from(value).iter().map(|v| v.as_string().unwrap_or_default()).collect()
}
