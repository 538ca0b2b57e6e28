//! CSS made small for sending: the server inlines the reader stylesheet into its pages, and `cargo xtask` writes
//! the bundles' stylesheets, both through [`minify`]. Pure text in, text out.

/// Drops comments and the whitespace CSS does not need. Deliberately small: it never touches quoted strings and
/// keeps a space before `:` (`.a :hover` is not `.a:hover`) and around `+`/`-` (calc).
pub fn minify(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut prev = ' ';
                for c in chars.by_ref() {
                    if prev == '*' && c == '/' {
                        break;
                    }
                    prev = c;
                }
                space = true;
            }
            c if c.is_whitespace() => space = true,
            '"' | '\'' => {
                if space && !out.is_empty() && !out.ends_with(['{', '}', ';', ',', ':', '>']) {
                    out.push(' ');
                }
                space = false;
                out.push(c);
                let mut escaped = false;
                for s in chars.by_ref() {
                    out.push(s);
                    if escaped {
                        escaped = false;
                    } else if s == '\\' {
                        escaped = true;
                    } else if s == c {
                        break;
                    }
                }
            }
            c => {
                let tight = matches!(c, '{' | '}' | ';' | ',' | '>')
                    || out.is_empty()
                    || out.ends_with(['{', '}', ';', ',', ':', '>']);
                if space && !tight {
                    out.push(' ');
                }
                space = false;
                if c == '}' && out.ends_with(';') {
                    out.pop();
                }
                out.push(c);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::minify;

    #[test]
    fn minify_keeps_meaning() {
        let css = "/* c */\n.a :focus-visible { outline: 3px solid var(--x); }\n.b > .c, .d { content: \"⚠ \"; width: calc(100% - 2px); }\n@media (max-width: 520px) {\n  .e { gap: 4px 12px; }\n}\n";
        assert_eq!(
            minify(css),
            ".a :focus-visible{outline:3px solid var(--x)}.b>.c,.d{content:\"⚠ \";width:calc(100% - 2px)}@media (max-width:520px){.e{gap:4px 12px}}"
        );
    }
}
