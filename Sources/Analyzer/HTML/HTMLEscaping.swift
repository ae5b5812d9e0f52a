/// Escaping for text that goes into HTML or SVG: every string that came from a trace (task
/// names, file names, flags) passes through here, so `<script>` in a task name prints as text.
public enum HTML {
    /// `&`, `<`, `>`, `"` and `'` as character references; control characters other than tab
    /// and newline as U+FFFD (they are not allowed in HTML text).
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { out += "\u{FFFD}" } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}

/// A page: the shared style, a title, and the body. No scripts, no external resources.
struct HTMLPage {
    var title: String
    var body: String

    func render() -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTML.escape(title))</title>
        <style>\(HTMLPage.style)</style>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }

    static let style = """
    body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2em auto; max-width: 72em; padding: 0 1em; color: #1b1f24; line-height: 1.4; }
    h1 { font-size: 1.5em; margin-bottom: 0.2em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #d0d7de; padding-bottom: 0.2em; }
    h3 { font-size: 1em; margin: 1.2em 0 0.3em; }
    p.meta { color: #57606a; margin-top: 0; }
    table { border-collapse: collapse; margin: 0.5em 0; font-variant-numeric: tabular-nums; }
    th, td { padding: 0.2em 0.8em; border-bottom: 1px solid #eaeef2; text-align: right; }
    th:first-child, td:first-child { text-align: left; }
    th { background: #f6f8fa; font-weight: 600; }
    td.sub { padding-left: 2em; color: #57606a; }
    td.up { color: #a40e26; } td.down { color: #116329; }
    .charts { display: flex; flex-wrap: wrap; gap: 1.5em; }
    figure { margin: 0; } figcaption { font-weight: 600; font-size: 0.9em; margin-bottom: 0.3em; }
    svg text { font-family: system-ui, sans-serif; font-size: 11px; fill: #1b1f24; }
    code { background: #f6f8fa; padding: 0 0.3em; }
    """
}
